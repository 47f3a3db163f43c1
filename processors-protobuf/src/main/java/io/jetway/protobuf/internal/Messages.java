package io.jetway.protobuf.internal;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import static java.util.Objects.requireNonNull;

/**
 * Finds what a generated message class offers (its default instance, and so its parser) once, by its public API.
 * <p>
 * Not API: public only for the decode, encode and serialization packages of this module; it may change in any
 * release.
 */
public final class Messages {

    private Messages() {
    }

    /**
     * The default instance of a generated message class, from its static {@code getDefaultInstance()}.
     *
     * @throws IllegalArgumentException when {@code type} is not a generated Protobuf message class
     */
    public static <T extends Message> T defaultInstance(Class<T> type) {
        requireNonNull(type, "type cannot be null");
        if (type == DynamicMessage.class || !Message.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Protobuf message class"
                    + (type == DynamicMessage.class ? "; use DynamicProtobufDecoder for DynamicMessage" : ""));
        }
        try {
            Method method = type.getMethod("getDefaultInstance");
            if (!Modifier.isStatic(method.getModifiers()) || !type.isAssignableFrom(method.getReturnType())) {
                throw new NoSuchMethodException("static " + type.getSimpleName() + " getDefaultInstance()");
            }
            return type.cast(method.invoke(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Protobuf message class: it has "
                    + "no public static getDefaultInstance() (" + e + ")", e);
        }
    }

    /**
     * Loads a generated message class by name with the thread's context class loader (the Jet job's, on a
     * member), falling back to this library's loader.
     *
     * @param option the configuration key that named the class, for the error
     */
    public static Class<? extends Message> messageClass(String className, String option) {
        requireNonNull(className, "className cannot be null");
        ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        Class<?> type;
        try {
            type = Class.forName(className, true, contextLoader != null ? contextLoader : Messages.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            try {
                type = Class.forName(className, true, Messages.class.getClassLoader());
            } catch (ClassNotFoundException again) {
                throw new IllegalArgumentException("option '" + option + "': class " + className + " not found; is "
                        + "the jar with the generated Protobuf classes on the member's class path or added to the job?", e);
            }
        }
        if (!Message.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("option '" + option + "': " + className
                    + " is not a Protobuf message class (it does not implement com.google.protobuf.Message)");
        }
        return type.asSubclass(Message.class);
    }
}
