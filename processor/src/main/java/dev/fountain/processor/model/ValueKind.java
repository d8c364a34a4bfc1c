package dev.fountain.processor.model;

/**
 * What a parameter or return type is, as far as converting a message to it goes. The model records
 * the kind; validation decides which kinds each binding accepts, and the writer picks the
 * {@code Inbound} method from it.
 */
public enum ValueKind {
    STRING,
    BYTES,
    BUFFER,
    BOOLEAN,
    BYTE,
    SHORT,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    ENUM,
    /** A class, record or interface without type parameters: a JSON payload. */
    OBJECT,
    /** A parameterized or raw generic type: its type arguments are erased at run time. */
    GENERIC,
    /** An array other than {@code byte[]}. */
    ARRAY,
    TYPE_VARIABLE,
    VOID,
    /** A type javac could not resolve yet: another processor may generate it in a later round. */
    UNRESOLVED,
    /** Anything else: {@code char}, {@code Character}, intersection types. */
    OTHER
}
