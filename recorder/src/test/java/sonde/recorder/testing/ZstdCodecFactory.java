package sonde.recorder.testing;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Parquet page (de)compression on zstd-jni directly, for tests that read recorded files back
 * with parquet-avro without Hadoop's codec classes. Only ZSTD and UNCOMPRESSED are offered.
 */
public final class ZstdCodecFactory implements CompressionCodecFactory {
    private final int level;

    public ZstdCodecFactory(int level) {
        this.level = level;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        check(codec);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return codec == CompressionCodecName.ZSTD ? BytesInput.from(Zstd.compress(array(bytes), level)) : bytes;
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
                // nothing pooled
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        check(codec);
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return codec == CompressionCodecName.ZSTD
                        ? BytesInput.from(Zstd.decompress(array(bytes), uncompressedSize)) : bytes;
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(codec == CompressionCodecName.ZSTD ? Zstd.decompress(in, uncompressedSize) : in);
            }

            @Override
            public void release() {
                // nothing pooled
            }
        };
    }

    @Override
    public void release() {
        // nothing pooled
    }

    private static void check(CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new UnsupportedOperationException("sonde writes ZSTD or UNCOMPRESSED Parquet, not " + codec);
        }
    }

    /** The bytes, through writeAllTo: parquet-java deprecates its own toByteArray and toByteBuffer. */
    private static byte[] array(BytesInput bytes) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) bytes.size());
        bytes.writeAllTo(out);
        return out.toByteArray();
    }
}
