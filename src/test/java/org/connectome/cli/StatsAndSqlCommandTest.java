package org.connectome.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.connectome.SparkTestBase;
import org.connectome.stats.Check;
import org.connectome.stats.TestConnectomes;
import org.connectome.stats.TestConnectomes.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code connectome stats} and {@code connectome sql} end to end on local[2]: the report and its exit codes
 * on a correct connectome, on deliberately corrupted copies, and on bad input; the sql formats, limits and
 * errors.
 */
class StatsAndSqlCommandTest extends SparkTestBase {
    /** name: measured vs expected [tolerance] PASS|FAIL */
    private static final String CHECK_LINE = ".{" + Check.NAME_WIDTH + "} \\S.* vs \\S.* \\[[^\\]]+\\] (PASS|FAIL)";
    private static Path net;

    @BeforeAll
    static void generate() {
        net = TestConnectomes.standard();
    }

    private static List<String> checkLines(String out) {
        return out.lines().filter(line -> line.matches(CHECK_LINE)).toList();
    }

    private static Set<String> failedChecks(String out) {
        return checkLines(out).stream().filter(line -> line.endsWith(" FAIL"))
                .map(line -> line.substring(0, Check.NAME_WIDTH).strip().replaceAll(":$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void statsPassesEveryCheckOfAGeneratedConnectome() {
        Run run = TestConnectomes.run("stats", net.toString(), "--check");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> lines = checkLines(run.out());
        assertEquals(29, lines.size(), run.out());
        assertTrue(lines.stream().allMatch(line -> line.endsWith(" PASS")), run.out());
        assertTrue(run.out().startsWith("connectome " + net + ": 2,000 neurons (1,600 E, 400 I), 200,000 synapses"),
                run.out());
        assertTrue(run.out().contains("recurrent rows (N_syn):"), run.out());
        assertTrue(run.out().contains("in-degree mean (N_syn / N):                  100 vs 100 [exact] PASS"),
                run.out());
        assertTrue(run.out().strip().endsWith("29 checks: all PASS"), run.out());
        assertEquals("", run.err());
    }

    /** Float weights (--weight-type float): the recurrent weight column is FLOAT, and every check still holds. */
    @Test
    void statsPassesEveryCheckOfAFloatConnectome() {
        Path floats = TestConnectomes.standardFloat();
        Run run = TestConnectomes.run("stats", floats.toString(), "--check");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(29, checkLines(run.out()).size(), run.out());
        assertTrue(run.out().strip().endsWith("29 checks: all PASS"), run.out());
        Run types = TestConnectomes.run("sql", floats.toString(), "SELECT typeof(weight) AS t, COUNT(*) AS n"
                + " FROM recurrent GROUP BY 1", "--format", "csv");
        assertEquals(0, types.exitCode(), types.err());
        assertEquals(List.of("t,n", "float,200000"), types.out().lines().toList());
    }

    /**
     * A corruption: for each table it changes, a SQL statement over the original table (view {@code t}; the
     * original neurons are the view {@code neurons}) whose result replaces the table in a copy.
     */
    record Corruption(String name, Map<String, String> tables, Set<String> mustFail, Set<String> mustPass) {
        Corruption(String name, String table, String sql, Set<String> mustFail, Set<String> mustPass) {
            this(name, Map.of(table, sql), mustFail, mustPass);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Corruption> corruptions() {
        Map<String, String> otherTables = new LinkedHashMap<>();
        otherTables.put("recurrent", "SELECT post, pre, CASE WHEN pre < 1600 THEN 0.1 + (weight - 0.1) * 1.05"
                + " ELSE -0.4 + (weight + 0.4) * 1.05 END AS weight FROM t");
        otherTables.put("neurons", "SELECT id, CASE WHEN id = 0 THEN 'I' ELSE population END AS population FROM t");
        otherTables.put("input", "SELECT * FROM t UNION ALL (SELECT * FROM t WHERE post = 0 AND input = 0)");
        otherTables.put("output", "SELECT output, pre, CAST(weight AS FLOAT) AS weight FROM t");
        return Stream.of(
                new Corruption("a duplicated row", "recurrent",
                        "SELECT * FROM t UNION ALL (SELECT * FROM t WHERE post = 5 ORDER BY pre LIMIT 1)",
                        Set.of("duplicate (post, pre)", "recurrent rows (N_syn)", "in-degree mean (N_syn / N)",
                                "out-degree mean (N_syn / N)"), Set.of()),
                new Corruption("an autapse, a pre out of range and a NaN weight", "recurrent",
                        "SELECT post, CASE WHEN post = 5 AND pre = (SELECT MIN(pre) FROM t WHERE post = 5) THEN 5"
                                + " WHEN post = 7 AND pre = (SELECT MAX(pre) FROM t WHERE post = 7) THEN 2000"
                                + " ELSE pre END AS pre, CASE WHEN post = 9 AND pre = (SELECT MAX(pre) FROM t"
                                + " WHERE post = 9) THEN CAST('NaN' AS DOUBLE) ELSE weight END AS weight FROM t",
                        Set.of("autapses (repair)", "recurrent ids outside [0, N)",
                                "recurrent null ids, null/NaN/inf weights"),
                        Set.of("recurrent rows (N_syn)", "duplicate (post, pre)")),
                new Corruption("excitatory weights shifted by 5% of their mean", "recurrent",
                        "SELECT post, pre, CASE WHEN pre < 1600 THEN weight + 0.005 ELSE weight END AS weight FROM t",
                        Set.of("recurrent weight mean, pre E (mu_e s)", "E/I balance: mean summed input per post"),
                        Set.of("recurrent weight std, pre E (sigma0 s)", "in-degree std")),
                new Corruption("weights spread 5% wider, a neuron in the wrong population, a duplicated input"
                        + " weight, output weights as FLOAT", otherTables,
                        Set.of("recurrent weight std, pre E (sigma0 s)", "recurrent weight std, pre I (sigma0 s)",
                                "neurons ids and populations wrong", "input rows",
                                "input null, outside or duplicate cells", "schema (SPEC 4)"),
                        Set.of("recurrent weight mean, pre E (mu_e s)", "neurons rows (N)", "output weight mean (0)")),
                new Corruption("the same in-degree for every post", "recurrent",
                        "SELECT CAST(id AS INT) AS post, CAST((id + 1 + j * 19) % 2000 AS INT) AS pre,"
                                + " CASE WHEN (id + 1 + j * 19) % 2000 < 1600 THEN 0.1 + 0.1 * randn(1)"
                                + " ELSE -0.4 + 0.1 * randn(2) END AS weight"
                                + " FROM neurons LATERAL VIEW explode(sequence(0, 99)) s AS j",
                        Set.of("in-degree std", "out-degree std"),
                        Set.of("recurrent rows (N_syn)", "duplicate (post, pre)", "autapses (repair)",
                                "in-degree mean (N_syn / N)")),
                new Corruption("each post's synapses moved to the lowest pres", "recurrent",
                        "SELECT post, CAST(CASE WHEN k >= post THEN k + 1 ELSE k END AS INT) AS pre, weight"
                                + " FROM (SELECT post, weight, ROW_NUMBER() OVER (PARTITION BY post ORDER BY pre) - 1"
                                + " AS k FROM t)",
                        Set.of("out-degree std", "out-degree min, max"),
                        Set.of("in-degree std", "in-degree min, max", "duplicate (post, pre)", "autapses (repair)",
                                "recurrent rows (N_syn)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void statsCheckFailsACorruptedConnectome(Corruption corruption) {
        Path copy = TestConnectomes.copy(net, "corrupt-" + corruption.name().replaceAll("\\W+", "-"));
        SparkSession session = spark.newSession(); // its views stay out of the shared session
        session.read().parquet(net.resolve("neurons").toString()).createOrReplaceTempView("neurons");
        corruption.tables().forEach((table, sql) -> {
            session.read().parquet(net.resolve(table).toString()).createOrReplaceTempView("t");
            Dataset<Row> corrupted = session.sql(sql);
            corrupted.write().mode(SaveMode.Overwrite).parquet(copy.resolve(table).toString());
        });
        try {
            Run run = TestConnectomes.run("stats", copy.toString(), "--check");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertEquals(29, checkLines(run.out()).size(), run.out());
            Set<String> failed = failedChecks(run.out());
            assertTrue(failed.containsAll(corruption.mustFail()), "expected to fail " + corruption.mustFail()
                    + ", failed " + failed + "\n" + run.out());
            for (String line : corruption.mustPass()) {
                assertFalse(failed.contains(line), line + " must pass\n" + run.out());
            }
            assertTrue(run.err().matches("stats: \\d+ of 29 checks failed\\R"), run.err());
            if (corruption.name().equals("a duplicated row")) {
                assertEquals(corruption.mustFail(), failed, run.out());
                // Without --check the report is the same and the exit code 0.
                Run report = TestConnectomes.run("stats", copy.toString());
                assertEquals(0, report.exitCode(), report.err());
                assertEquals(failed, failedChecks(report.out()));
            }
        } finally {
            TestConnectomes.delete(copy);
        }
    }

    @Test
    void statsOfAnIncompleteConnectomeIsAUserError() throws IOException {
        Path copy = TestConnectomes.copy(net, "no-manifest");
        Files.delete(copy.resolve("connectome.json"));
        assertUserError(TestConnectomes.run("stats", copy.toString(), "--check"),
                "stats: " + copy + " is not a complete connectome: it has no connectome.json");
        assertUserError(TestConnectomes.run("sql", copy.toString(), "SELECT 1"),
                "sql: " + copy + " is not a complete connectome: it has no connectome.json");
        TestConnectomes.delete(copy);

        Path noTable = TestConnectomes.copy(net, "no-input-table");
        TestConnectomes.delete(noTable.resolve("input"));
        Run run = TestConnectomes.run("stats", noTable.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("stats: " + noTable + " is not a complete connectome: cannot read its input"
                + " table: [PATH_NOT_FOUND]"), run.err());
        TestConnectomes.delete(noTable);

        assertEquals(2, TestConnectomes.run("stats").exitCode());
    }

    private static void assertUserError(Run run, String line) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(line, run.err().strip());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals("", run.out());
    }

    @Test
    void sqlPrintsAnAlignedTable() {
        Run run = TestConnectomes.run("sql", net.toString(),
                "SELECT population, COUNT(*) AS neurons, MIN(id) AS first FROM neurons GROUP BY population"
                        + " ORDER BY population");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(String.join("\n",
                "population  neurons  first",
                "----------  -------  -----",
                "E              1600      0",
                "I               400   1600",
                "(2 rows)", ""), run.out());
    }

    @Test
    void sqlTableShowsTwentyRowsAndSaysWhenMoreExist() {
        Run run = TestConnectomes.run("sql", net.toString(), "SELECT id FROM neurons ORDER BY id");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2 + 20 + 1, lines.size(), run.out());
        assertEquals("19", lines.get(21));
        assertEquals("(first 20 rows; more exist: --limit N or --limit all shows more)", lines.get(22));

        Run three = TestConnectomes.run("sql", net.toString(), "SELECT id FROM neurons ORDER BY id", "--limit", "3");
        assertEquals(List.of("id", "--", " 0", " 1", " 2", "(first 3 rows; more exist: --limit N or --limit all"
                + " shows more)"), three.out().lines().toList());

        Run all = TestConnectomes.run("sql", net.toString(), "SELECT id FROM neurons WHERE id >= 1990",
                "--limit", "all");
        assertEquals(2 + 10 + 1, all.out().lines().count(), all.out());
        assertTrue(all.out().endsWith("(10 rows)\n"), all.out());
    }

    @Test
    void sqlWritesCsvAndJsonLines() throws IOException {
        String query = "SELECT post, pre, weight, CASE WHEN pre < 1600 THEN 'E' ELSE 'I' END AS kind,"
                + " CAST(NULL AS STRING) AS nothing FROM recurrent WHERE post = 3 ORDER BY pre";
        Run csv = TestConnectomes.run("sql", net.toString(), query, "--format", "csv");
        assertEquals(0, csv.exitCode(), csv.err());
        List<String> lines = csv.out().lines().toList();
        List<Row> expected = spark.read().parquet(net.resolve("recurrent").toString()).where("post = 3")
                .orderBy("pre").collectAsList();
        assertEquals(expected.size() + 1, lines.size(), "csv prints every row by default");
        assertEquals("post,pre,weight,kind,nothing", lines.get(0));
        for (int i = 0; i < expected.size(); i++) {
            Row row = expected.get(i);
            assertEquals("3," + row.getInt(1) + "," + row.getDouble(2) + "," + (row.getInt(1) < 1600 ? "E" : "I")
                    + ",", lines.get(i + 1));
        }
        assertEquals("", csv.err());

        Run json = TestConnectomes.run("sql", net.toString(), query, "--format", "json", "--limit", "2");
        assertEquals(0, json.exitCode(), json.err());
        List<String> objects = json.out().lines().toList();
        assertEquals(2, objects.size());
        JsonNode first = new ObjectMapper().readTree(objects.get(0));
        assertEquals(3, first.get("post").asInt());
        assertEquals(expected.get(0).getInt(1), first.get("pre").asInt());
        assertEquals(expected.get(0).getDouble(2), first.get("weight").asDouble());
        assertTrue(first.get("nothing").isNull(), objects.get(0));
        assertEquals("sql: printed the first 2 rows; more exist (--limit all prints them all)", json.err().strip());

        Run quoted = TestConnectomes.run("sql", net.toString(), "SELECT 'a,b' AS x, 'say \"hi\"' AS y",
                "--format", "csv");
        assertEquals(List.of("x,y", "\"a,b\",\"say \"\"hi\"\"\""), quoted.out().lines().toList());
    }

    @Test
    void badQueriesAndOptionsAreUserErrors() {
        String path = net.toString();
        assertUserError(TestConnectomes.run("sql", path, "SELECT foo FROM recurrent"),
                "sql: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `foo`"
                        + " cannot be resolved. Did you mean one of the following? [`post`, `pre`, `weight`]."
                        + " SQLSTATE: 42703; line 1 pos 7;");
        assertUserError(TestConnectomes.run("sql", path, "SELEC 1"),
                "sql: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)");
        assertUserError(TestConnectomes.run("sql", path, "SELECT * FROM synapses"),
                "sql: [TABLE_OR_VIEW_NOT_FOUND] The table or view `synapses` cannot be found. Verify the spelling"
                        + " and correctness of the schema and catalog.");
        Run divide = TestConnectomes.run("sql", path, "SELECT post / (pre - pre) FROM recurrent");
        assertEquals(2, divide.exitCode(), divide.err());
        assertTrue(divide.err().startsWith("sql: [DIVIDE_BY_ZERO] Division by zero."), divide.err());
        assertEquals(1, divide.err().lines().count(), divide.err());
        assertUserError(TestConnectomes.run("sql", path, "SELECT 1", "--format", "xml"),
                "sql: --format must be table, csv or json (got 'xml')");
        assertUserError(TestConnectomes.run("sql", path, "SELECT 1", "--limit", "0"),
                "sql: --limit must be a positive number of rows or all (got '0')");
        assertUserError(TestConnectomes.run("sql", path), "sql: give a QUERY (quoted) or --file FILE");
        assertUserError(TestConnectomes.run("sql", path, "SELECT 1", "--file", "docs/queries.sql"),
                "sql: give a QUERY or --file, not both");
        assertUserError(TestConnectomes.run("sql", path, "--file", "docs/queries.sql", "--name", "no-such-query"),
                "sql: docs/queries.sql has no query named 'no-such-query'; it has: " + String.join(", ",
                        queryNames()));
        assertUserError(TestConnectomes.run("sql", path, "--file", "/no/such/file.sql"),
                "sql: --file /no/such/file.sql does not exist");
    }

    private static List<String> queryNames() {
        try {
            return Arrays.stream(Files.readString(Path.of("docs/queries.sql")).split("\n"))
                    .filter(line -> line.startsWith("-- name:")).map(line -> line.substring(8).trim()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sqlRunsANamedQueryOfAFile() {
        Run run = TestConnectomes.run("sql", net.toString(), "--file", "docs/queries.sql", "--name", "table-sizes");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(line -> line.matches("recurrent +200000")), run.out());
        Run several = TestConnectomes.run("sql", net.toString(), "--file", "docs/queries.sql");
        assertEquals(2, several.exitCode());
        assertTrue(several.err().startsWith("sql: docs/queries.sql holds "), several.err());
    }

    @Test
    void theViewsDoNotLeakIntoTheCallersSession() {
        spark.catalog().dropTempView("recurrent");
        assertEquals(0, TestConnectomes.run("sql", net.toString(), "SELECT COUNT(*) FROM recurrent").exitCode());
        assertFalse(spark.catalog().tableExists("recurrent"));
    }
}
