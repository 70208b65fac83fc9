package org.connectome.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.connectome.model.InvalidParameterException;
import org.connectome.stats.ConnectomeTables;
import org.connectome.stats.QueryFile;
import org.connectome.stats.ResultWriter;
import org.connectome.stats.SqlErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code connectome sql}: one Spark SQL statement over the tables of a written connectome. */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs a Spark SQL statement on a written connectome, whose tables are the views recurrent"
                    + " (post, pre, weight), input (post, input, weight), output (output, pre, weight) and"
                    + " neurons (id, population), and prints the result.",
            "A filter on post (recurrent, input), output (output) or id (neurons) reads only the files and row"
                    + " groups that can match.%n"},
        footer = {"%nExamples:",
            "  connectome sql /tmp/net \"SELECT COUNT(*) FROM recurrent WHERE post < 1000\"",
            "  connectome sql /tmp/net \"SELECT * FROM recurrent\" --format csv --limit all > net.csv",
            "  connectome sql /tmp/net --file docs/queries.sql --name population-blocks",
            "%nExit codes: 0 done, 1 the run failed, 2 bad input or a bad query (one line on stderr)."})
final class SqlCommand implements Callable<Integer> {
    /** Rows a table shows unless --limit says otherwise. */
    static final int DEFAULT_TABLE_ROWS = 20;

    enum Format { TABLE, CSV, JSON }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "A connectome written by 'connectome generate'.")
    private String path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "QUERY",
            description = "The statement (quote it). Or give --file.")
    private String query;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned columns), csv (with a header) or json (JSON Lines: one object per row)"
                    + " (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--limit", paramLabel = "N|all",
            description = "Rows printed at most, or all (default: " + DEFAULT_TABLE_ROWS + " for table, all for"
                    + " csv and json). When more rows exist a note says so (on stderr for csv and json).")
    private String limit;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Run a query of a file of named queries (the form of docs/queries.sql) instead of QUERY.")
    private Path file;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The query of --file to run; needed when the file holds several.")
    private String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Format chosen = parseFormat(format);
        long rows = parseLimit(limit, chosen);
        String statement = statement();
        try (SparkSessions.Handle spark = SparkSessions.open("connectome sql")) {
            ConnectomeTables tables = ConnectomeTables.open(spark.session(), path);
            SparkSession session = tables.session();
            session.sparkContext().setJobDescription("connectome sql: " + SqlErrors.oneLine(statement));
            try {
                Dataset<Row> result = session.sql(statement);
                print(result, chosen, rows, out, err);
            } catch (Exception e) { // Spark's analysis errors are checked exceptions thrown undeclared
                InvalidParameterException user = SqlErrors.userError(e);
                if (user != null) {
                    throw user;
                }
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            } finally {
                session.sparkContext().setJobDescription(null);
            }
        }
        return 0;
    }

    private static void print(Dataset<Row> result, Format format, long limit, PrintWriter out, PrintWriter err) {
        // One row beyond the limit tells whether more exist, without counting them all.
        Dataset<Row> bounded = limit < Integer.MAX_VALUE ? result.limit((int) limit + 1) : result;
        boolean more;
        switch (format) {
            case TABLE -> {
                List<Row> rows = limit < Integer.MAX_VALUE ? bounded.collectAsList() : result.collectAsList();
                more = rows.size() > limit;
                List<Row> shown = more ? rows.subList(0, (int) limit) : rows;
                ResultWriter.table(result.schema(), shown, out);
                if (more) {
                    out.printf(Locale.ROOT, "(first %d rows; more exist: --limit N or --limit all shows more)%n",
                            shown.size());
                } else {
                    out.printf(Locale.ROOT, "(%d row%s)%n", shown.size(), shown.size() == 1 ? "" : "s");
                }
            }
            case CSV -> {
                Iterator<Row> rows = bounded.toLocalIterator();
                ResultWriter.csv(result.schema(), rows, limit, out);
                more = rows.hasNext();
            }
            default -> {
                Iterator<Row> rows = bounded.toLocalIterator();
                ResultWriter.jsonLines(rows, limit, out);
                more = rows.hasNext();
            }
        }
        out.flush();
        if (more && format != Format.TABLE) {
            err.printf(Locale.ROOT, "sql: printed the first %d rows; more exist (--limit all prints them all)%n",
                    limit);
        }
    }

    /** QUERY, or the query of --file. */
    private String statement() {
        if (file == null) {
            if (name != null) {
                throw new InvalidParameterException("--name chooses a query of --file; give --file too");
            }
            if (query == null || query.isBlank()) {
                throw new InvalidParameterException("give a QUERY (quoted) or --file FILE");
            }
            return query;
        }
        if (query != null) {
            throw new InvalidParameterException("give a QUERY or --file, not both");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidParameterException("--file " + file + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new InvalidParameterException("cannot read --file " + file + ": " + SqlErrors.oneLine(
                    String.valueOf(e.getMessage())));
        }
        Map<String, QueryFile.Query> queries = QueryFile.parse(text, file.toString());
        if (name == null) {
            if (queries.size() == 1) {
                return queries.values().iterator().next().sql();
            }
            throw new InvalidParameterException(file + " holds " + queries.size() + " queries; choose one with"
                    + " --name: " + String.join(", ", queries.keySet()));
        }
        QueryFile.Query chosen = queries.get(name);
        if (chosen == null) {
            throw new InvalidParameterException(file + " has no query named '" + name + "'; it has: "
                    + String.join(", ", queries.keySet()));
        }
        return chosen.sql();
    }

    static Format parseFormat(String text) {
        for (Format candidate : Format.values()) {
            if (candidate.name().equalsIgnoreCase(text.trim())) {
                return candidate;
            }
        }
        throw new InvalidParameterException("--format must be table, csv or json (got '" + text + "')");
    }

    /** Rows to print at most: N >= 1, or all (Long.MAX_VALUE). */
    static long parseLimit(String text, Format format) {
        if (text == null) {
            return format == Format.TABLE ? DEFAULT_TABLE_ROWS : Long.MAX_VALUE;
        }
        if (text.trim().equalsIgnoreCase("all")) {
            return Long.MAX_VALUE;
        }
        try {
            long value = Long.parseLong(text.trim().replace("_", ""));
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidParameterException("--limit must be a positive number of rows or all (got '" + text + "')");
    }
}
