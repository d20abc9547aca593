package sonde.recorder.sink;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import java.util.Map;

/**
 * Writes generated Avro records to Parquet through writers compiled once per schema, instead
 * of parquet-avro's per-value schema walk: the file is the same (the Parquet schema is
 * parquet-avro's conversion of the Avro schema, with the Avro schema in the footer, so any
 * Avro-aware reader reads it back), the recorder's writer thread does a fraction of the work.
 */
final class SpecificWriteSupport extends WriteSupport<SpecificRecord> {
    private final Schema avro;
    private MessageType parquet;
    private RecordWriter writer;
    private RecordConsumer consumer;

    SpecificWriteSupport(Schema avro) {
        this.avro = avro;
    }

    @Override
    public WriteContext init(ParquetConfiguration conf) {
        parquet = new AvroSchemaConverter(conf).convert(avro);
        writer = new RecordWriter(avro, parquet);
        return new WriteContext(parquet, Map.of("parquet.avro.schema", avro.toString(), "writer.model.name", "avro"));
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration conf) {
        throw new UnsupportedOperationException("sonde writes Parquet without Hadoop");
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        consumer = recordConsumer;
    }

    @Override
    public void write(SpecificRecord record) {
        consumer.startMessage();
        writer.writeFields(consumer, record);
        consumer.endMessage();
    }

    @Override
    public String getName() {
        return "avro";
    }
}
