package sonde.recorder.sink.table;

import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.junit.jupiter.api.Test;
import sonde.schema.CpuSample;
import sonde.schema.DiskIo;
import sonde.schema.JitSymbol;
import sonde.schema.Recording;
import sonde.schema.VfsIo;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tables read from the .avsc files agree with Avro's own reading of them, field for field. */
class TableTest {
    private static final List<Table> TABLES = List.of(Table.DISK_IO, Table.VFS_IO, Table.CPU_SAMPLE, Table.RECORDING,
            Table.JIT_SYMBOL);
    private static final List<Schema> SCHEMAS = List.of(DiskIo.getClassSchema(), VfsIo.getClassSchema(),
            CpuSample.getClassSchema(), Recording.getClassSchema(), JitSymbol.getClassSchema());

    @Test
    void parquetSchemaIsParquetAvrosConversion() {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set("parquet.avro.write-old-list-structure", "false");
        for (int i = 0; i < TABLES.size(); i++) {
            assertEquals(new AvroSchemaConverter(conf).convert(SCHEMAS.get(i)), TABLES.get(i).parquet());
        }
    }

    @Test
    void footerSchemaIsTheSameAvroSchema() {
        for (int i = 0; i < TABLES.size(); i++) {
            assertEquals(SCHEMAS.get(i), new Schema.Parser().parse(TABLES.get(i).avroJson()));
        }
    }

    @Test
    void fieldsArePositionedAsInTheAvroRecord() {
        for (int i = 0; i < TABLES.size(); i++) {
            Table t = TABLES.get(i);
            Schema s = SCHEMAS.get(i);
            assertEquals(s.getFields().size(), t.fields().size());
            for (Schema.Field f : s.getFields()) {
                assertEquals(f.pos(), t.pos(f.name()), t.kind() + "." + f.name());
                assertEquals(f.schema().isNullable(), t.fields().get(f.pos()).nullable(), t.kind() + "." + f.name());
            }
            assertEquals(s.getFullName(), t.fullName());
            assertEquals(t, Table.ofRecord(s.getFullName()));
        }
    }
}
