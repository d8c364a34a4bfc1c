package dev.fountain.broker.transport;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Just enough DER (ITU-T X.690) to rewrap OpenSSL's traditional private keys as PKCS#8
 * PrivateKeyInfo (RFC 5208), the one form the JDK reads: a PKCS#1 RSAPrivateKey (RFC 8017) or a
 * SEC1 ECPrivateKey (RFC 5915) becomes the privateKey of a PrivateKeyInfo whose algorithm
 * identifier says what it is.
 */
final class Der {

    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_IDENTIFIER = 0x06;
    /** The context-specific [0] that holds an ECPrivateKey's curve. */
    private static final int PARAMETERS = 0xA0;
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final byte[] NULL = {0x05, 0x00};
    /** 1.2.840.113549.1.1.1, rsaEncryption. */
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
        0x01, 0x01, 0x01};
    /** 1.2.840.10045.2.1, id-ecPublicKey. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Der() {
    }

    /** A PKCS#1 RSA private key as PKCS#8. */
    static byte[] rsaPkcs8(byte[] pkcs1) {
        return privateKeyInfo(tlv(SEQUENCE, RSA_ENCRYPTION, NULL), pkcs1);
    }

    /**
     * A SEC1 EC private key as PKCS#8, or {@code null} when it is malformed or does not name its
     * curve: PKCS#8 carries the curve in the algorithm identifier, so it cannot be left out.
     */
    static byte[] ecPkcs8(byte[] sec1) {
        byte[] curve = namedCurve(sec1);
        return curve == null ? null : privateKeyInfo(tlv(SEQUENCE, EC_PUBLIC_KEY, curve), sec1);
    }

    private static byte[] privateKeyInfo(byte[] algorithm, byte[] privateKey) {
        return tlv(SEQUENCE, VERSION_0, algorithm, tlv(OCTET_STRING, privateKey));
    }

    /**
     * The curve's OBJECT IDENTIFIER, tag and length included, from
     * {@code ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }}.
     */
    private static byte[] namedCurve(byte[] sec1) {
        try {
            ByteBuffer in = ByteBuffer.wrap(sec1);
            if ((in.get() & 0xFF) != SEQUENCE) {
                return null;
            }
            int end = length(in) + in.position();
            while (in.position() < end) {
                int tag = in.get() & 0xFF;
                int length = length(in);
                if (tag == PARAMETERS) {
                    byte[] parameters = new byte[length];
                    in.get(parameters);
                    return parameters.length > 0 && parameters[0] == OBJECT_IDENTIFIER ? parameters : null;
                }
                in.position(in.position() + length);
            }
            return null;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A DER length; lengths of more than three bytes cannot occur in a key file. */
    private static int length(ByteBuffer in) {
        int first = in.get() & 0xFF;
        if (first < 0x80) {
            return first;
        }
        int count = first & 0x7F;
        if (count == 0 || count > 3) {
            throw new IllegalArgumentException("unsupported DER length");
        }
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = length << 8 | in.get() & 0xFF;
        }
        return length;
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.size() + 5);
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> 8 * i);
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
