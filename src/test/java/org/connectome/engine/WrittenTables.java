package org.connectome.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/** Reads written tables back with parquet-java alone, in file-name order: the order readers meet the rows in. */
final class WrittenTables {
    private WrittenTables() {
    }

    /** The Parquet files of a table directory, sorted by name. */
    static List<Path> files(Path tableDir) throws IOException {
        try (Stream<Path> entries = Files.list(tableDir)) {
            return entries.filter(path -> path.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    /** Every row as text, weights by their exact bits ("first,second,weight" or "id,population"). */
    static List<String> rows(Path tableDir) throws IOException {
        List<String> rows = new ArrayList<>();
        for (Path file : files(tableDir)) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
                for (Group row = reader.read(); row != null; row = reader.read()) {
                    rows.add(text(row));
                }
            }
        }
        return rows;
    }

    /** The id columns of each row only ("first,second"). */
    static List<String> ids(Path tableDir) throws IOException {
        return rows(tableDir).stream().map(row -> row.substring(0, row.lastIndexOf(','))).toList();
    }

    private static String text(Group row) {
        StringBuilder text = new StringBuilder();
        List<Type> fields = row.getType().getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            PrimitiveTypeName type = fields.get(i).asPrimitiveType().getPrimitiveTypeName();
            switch (type) {
                case INT32 -> text.append(row.getInteger(i, 0));
                case DOUBLE -> text.append(row.getDouble(i, 0));
                case FLOAT -> text.append(row.getFloat(i, 0)).append('f');
                case BINARY -> text.append(row.getString(i, 0));
                default -> throw new AssertionError("unexpected column type " + type);
            }
        }
        return text.toString();
    }
}
