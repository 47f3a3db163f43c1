package io.jetway.protobuf.decode;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves message descriptors between JVMs: a {@link Descriptor} is not serializable, its file and the files
 * it imports are, as a {@link FileDescriptorSet} (what {@code protoc --descriptor_set_out --include_imports}
 * writes).
 */
final class DescriptorSets {

    private DescriptorSets() {
    }

    /** The file of {@code descriptor} and every file it imports, dependencies first. */
    static byte[] of(Descriptor descriptor) {
        Map<String, FileDescriptorProto> ordered = new LinkedHashMap<>();
        addWithDependencies(descriptor.getFile(), ordered);
        return FileDescriptorSet.newBuilder().addAllFile(ordered.values()).build().toByteArray();
    }

    private static void addWithDependencies(FileDescriptor file, Map<String, FileDescriptorProto> ordered) {
        if (ordered.containsKey(file.getName())) {
            return;
        }
        for (FileDescriptor dependency : file.getDependencies()) {
            addWithDependencies(dependency, ordered);
        }
        ordered.put(file.getName(), file.toProto());
    }

    /**
     * Builds the descriptor of message {@code messageType} (full name, e.g. {@code shop.Payment}) from a
     * serialized {@link FileDescriptorSet} that holds its file and all files that file imports.
     *
     * @throws IllegalArgumentException naming what is missing or invalid
     */
    static Descriptor messageType(byte[] descriptorSet, String messageType) {
        FileDescriptorSet set;
        try {
            set = FileDescriptorSet.parseFrom(descriptorSet);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a serialized FileDescriptorSet: " + e.getMessage(), e);
        }
        Map<String, FileDescriptorProto> protos = new HashMap<>();
        for (FileDescriptorProto file : set.getFileList()) {
            protos.put(file.getName(), file);
        }
        Map<String, FileDescriptor> built = new HashMap<>();
        List<String> available = new ArrayList<>();
        for (FileDescriptorProto file : set.getFileList()) {
            FileDescriptor fd = build(file.getName(), protos, built, new ArrayList<>());
            String prefix = fd.getPackage().isEmpty() ? "" : fd.getPackage() + ".";
            Descriptor found = messageType.startsWith(prefix)
                    ? findNested(fd, messageType.substring(prefix.length())) : null;
            if (found != null) {
                return found;
            }
            fd.getMessageTypes().forEach(m -> available.add(m.getFullName()));
        }
        throw new IllegalArgumentException("message type '" + messageType + "' is not in the descriptor set; "
                + "top-level messages there: " + available);
    }

    private static Descriptor findNested(FileDescriptor file, String relativeName) {
        String[] parts = relativeName.split("\\.");
        Descriptor current = file.findMessageTypeByName(parts[0]);
        for (int i = 1; current != null && i < parts.length; i++) {
            current = current.findNestedTypeByName(parts[i]);
        }
        return current;
    }

    private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos,
                                        Map<String, FileDescriptor> built, List<String> path) {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            throw new IllegalArgumentException("the descriptor set lacks '" + name + "', imported by " + path
                    + "; write it with protoc --include_imports");
        }
        if (path.contains(name)) {
            throw new IllegalArgumentException("import cycle in the descriptor set: " + path + " -> " + name);
        }
        path.add(name);
        FileDescriptor[] dependencies = new FileDescriptor[proto.getDependencyCount()];
        for (int i = 0; i < dependencies.length; i++) {
            dependencies[i] = build(proto.getDependency(i), protos, built, path);
        }
        path.remove(path.size() - 1);
        try {
            FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies);
            built.put(name, file);
            return file;
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException("invalid file '" + name + "' in the descriptor set: " + e.getMessage(), e);
        }
    }
}
