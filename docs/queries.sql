-- Query cookbook for connectomes written by `connectome generate`.
--
-- The tables, as views:
--   recurrent (post INT, pre INT, weight DOUBLE)     a synapse pre -> post, sorted by post, pre (weight FLOAT
--                                                    with --weight-type float)
--   input     (post INT, input INT, weight DOUBLE)   input dimension -> neuron
--   output    (output INT, pre INT, weight DOUBLE)   neuron -> output dimension
--   neurons   (id INT, population STRING)            'E' for ids below floor(N f), else 'I'
--
-- Run a query by name:   connectome sql PATH --file docs/queries.sql --name in-degree-histogram
-- or paste it:           connectome sql PATH "SELECT ..."        (add --format csv --limit all to export)
-- Every query is plain SQL that runs as written in Spark SQL and in DuckDB over the Parquet files
-- (CREATE VIEW recurrent AS SELECT * FROM read_parquet('PATH/recurrent/*.parquet'); and so on; see README).
-- Filters on post (recurrent, input), output (output) or id (neurons) read only the files that can match.
--
-- Each query follows a line "-- name: NAME"; the comment lines right after it say what it gives.
-- A test runs every query on a generated connectome, in Spark and in DuckDB, and cross-checks the results.

-- name: table-sizes
-- Rows of each table (connectome.json records the same counts).
SELECT 'recurrent' AS table_name, COUNT(*) AS row_count FROM recurrent
UNION ALL SELECT 'input', COUNT(*) FROM input
UNION ALL SELECT 'output', COUNT(*) FROM output
UNION ALL SELECT 'neurons', COUNT(*) FROM neurons
ORDER BY table_name;

-- name: in-degree-histogram
-- How many neurons have each in-degree (synapses onto them); neurons without synapses count as 0.
SELECT in_degree, COUNT(*) AS neurons
FROM (
  SELECT n.id, COUNT(r.pre) AS in_degree
  FROM neurons n LEFT JOIN recurrent r ON r.post = n.id
  GROUP BY n.id
) degrees
GROUP BY in_degree
ORDER BY in_degree;

-- name: out-degree-histogram
-- How many neurons have each out-degree (synapses from them); neurons without synapses count as 0.
SELECT out_degree, COUNT(*) AS neurons
FROM (
  SELECT n.id, COUNT(r.post) AS out_degree
  FROM neurons n LEFT JOIN recurrent r ON r.pre = n.id
  GROUP BY n.id
) degrees
GROUP BY out_degree
ORDER BY out_degree;

-- name: degree-summary
-- Mean, standard deviation (over all neurons), min and max of the in- and out-degree.
-- The mean is exactly N_syn / N; `connectome stats` compares the rest with their laws.
WITH in_degrees AS (
  SELECT n.id, COUNT(r.pre) AS k FROM neurons n LEFT JOIN recurrent r ON r.post = n.id GROUP BY n.id
), out_degrees AS (
  SELECT n.id, COUNT(r.post) AS k FROM neurons n LEFT JOIN recurrent r ON r.pre = n.id GROUP BY n.id
)
SELECT 'in' AS degree, AVG(k) AS mean_degree, STDDEV_POP(k) AS std_degree, MIN(k) AS min_degree,
       MAX(k) AS max_degree
FROM in_degrees
UNION ALL
SELECT 'out', AVG(k), STDDEV_POP(k), MIN(k), MAX(k) FROM out_degrees
ORDER BY degree;

-- name: population-blocks
-- Synapse counts and weights between the populations, pre -> post: E->E, E->I, I->E, I->I.
SELECT pre_n.population AS pre_population, post_n.population AS post_population,
       COUNT(*) AS synapses, SUM(r.weight) AS weight_sum, AVG(r.weight) AS weight_mean
FROM recurrent r
JOIN neurons pre_n ON pre_n.id = r.pre
JOIN neurons post_n ON post_n.id = r.post
GROUP BY pre_n.population, post_n.population
ORDER BY pre_population, post_population;

-- name: connection-probability-by-block
-- The fraction of possible pre -> post pairs that are synapses, per population block: close to p in every
-- block for the random topology (pairs counted with the diagonal, as p = N_syn / N^2 is).
WITH sizes AS (
  SELECT population, COUNT(*) AS neurons FROM neurons GROUP BY population
), blocks AS (
  SELECT pre_n.population AS pre_population, post_n.population AS post_population, COUNT(*) AS synapses
  FROM recurrent r
  JOIN neurons pre_n ON pre_n.id = r.pre
  JOIN neurons post_n ON post_n.id = r.post
  GROUP BY pre_n.population, post_n.population
)
SELECT b.pre_population, b.post_population, b.synapses,
       CAST(pre_s.neurons AS DOUBLE) * post_s.neurons AS pairs,
       b.synapses / (CAST(pre_s.neurons AS DOUBLE) * post_s.neurons) AS probability
FROM blocks b
JOIN sizes pre_s ON pre_s.population = b.pre_population
JOIN sizes post_s ON post_s.population = b.post_population
ORDER BY b.pre_population, b.post_population;

-- name: strongest-synapses
-- The 20 synapses of largest absolute weight (inhibitory ones are negative).
SELECT post, pre, weight
FROM recurrent
ORDER BY ABS(weight) DESC, post, pre
LIMIT 20;

-- name: subnetwork-0-999
-- The subnetwork induced by neurons 0..999: every synapse between two of them. Reads only the files of
-- posts 0..999. Export it with --format csv --limit all.
SELECT post, pre, weight
FROM recurrent
WHERE post BETWEEN 0 AND 999 AND pre BETWEEN 0 AND 999
ORDER BY post, pre;

-- name: net-input-per-neuron
-- Per neuron: in-degree, summed recurrent input weight from E and from I neurons, and the net input
-- (their sum, near 0 under E/I balance). Neurons without synapses have 0.
SELECT n.id AS post, n.population, COUNT(r.pre) AS in_degree,
       COALESCE(SUM(CASE WHEN pre_n.population = 'E' THEN r.weight END), 0) AS excitatory_input,
       COALESCE(SUM(CASE WHEN pre_n.population = 'I' THEN r.weight END), 0) AS inhibitory_input,
       COALESCE(SUM(r.weight), 0) AS net_input
FROM neurons n
LEFT JOIN recurrent r ON r.post = n.id
LEFT JOIN neurons pre_n ON pre_n.id = r.pre
GROUP BY n.id, n.population
ORDER BY n.id;

-- name: balance-summary
-- The net recurrent input over all neurons: its mean (the E/I balance, compare `connectome stats`), spread
-- and extremes.
SELECT AVG(net_input) AS mean_net_input, STDDEV_POP(net_input) AS std_net_input,
       MIN(net_input) AS min_net_input, MAX(net_input) AS max_net_input
FROM (
  SELECT n.id, COALESCE(SUM(r.weight), 0) AS net_input
  FROM neurons n LEFT JOIN recurrent r ON r.post = n.id
  GROUP BY n.id
) inputs;

-- name: reciprocal-pairs
-- Pairs of neurons a < b connected both ways, with both weights.
SELECT a.post AS neuron_a, a.pre AS neuron_b, a.weight AS weight_b_to_a, b.weight AS weight_a_to_b
FROM recurrent a
JOIN recurrent b ON b.post = a.pre AND b.pre = a.post
WHERE a.post < a.pre
ORDER BY neuron_a, neuron_b;

-- name: reciprocity
-- Reciprocal pairs vs their expected number in a uniformly random network of the same size and synapse
-- count: S (S - 1) / (2 (M - 1)), with S synapses among the M = N (N - 1) off-diagonal cells.
WITH counts AS (
  SELECT (SELECT COUNT(*) FROM neurons) AS n, (SELECT COUNT(*) FROM recurrent WHERE post <> pre) AS s
), pairs AS (
  SELECT COUNT(*) AS reciprocal
  FROM recurrent a JOIN recurrent b ON b.post = a.pre AND b.pre = a.post
  WHERE a.post < a.pre
)
SELECT p.reciprocal,
       CAST(c.s AS DOUBLE) * (c.s - 1) / (2 * (CAST(c.n AS DOUBLE) * (c.n - 1) - 1)) AS expected_if_random
FROM pairs p CROSS JOIN counts c;

-- name: top-out-degree
-- The 20 neurons with the most outgoing synapses, with their population and summed outgoing weight.
SELECT r.pre AS neuron, n.population, COUNT(*) AS out_degree, SUM(r.weight) AS out_weight
FROM recurrent r
JOIN neurons n ON n.id = r.pre
GROUP BY r.pre, n.population
ORDER BY out_degree DESC, neuron
LIMIT 20;

-- name: two-hop-from-neuron-0
-- Neurons reached from neuron 0 through exactly two synapses (0 -> k -> j), by number of such paths.
SELECT hop2.post AS neuron, COUNT(*) AS paths
FROM recurrent hop1
JOIN recurrent hop2 ON hop2.pre = hop1.post
WHERE hop1.pre = 0
GROUP BY hop2.post
ORDER BY paths DESC, neuron
LIMIT 20;

-- name: input-drive
-- Per neuron: its input weights (one per input dimension), their sum and Euclidean norm.
SELECT post, COUNT(*) AS inputs, SUM(weight) AS input_weight_sum, SQRT(SUM(weight * weight)) AS input_weight_norm
FROM input
GROUP BY post
ORDER BY post;

-- name: readout-by-population
-- Per output dimension: readout weights summed over the E and over the I neurons.
SELECT o.output,
       SUM(CASE WHEN n.population = 'E' THEN o.weight ELSE 0 END) AS from_excitatory,
       SUM(CASE WHEN n.population = 'I' THEN o.weight ELSE 0 END) AS from_inhibitory,
       COUNT(*) AS neurons
FROM output o
JOIN neurons n ON n.id = o.pre
GROUP BY o.output
ORDER BY o.output;

-- name: weight-histogram
-- Recurrent weights in 20 equal bins from the smallest to the largest, per presynaptic population: two
-- normal bumps around mu_e s and mu_i s.
WITH bounds AS (
  SELECT MIN(weight) AS lo, MAX(weight) AS hi FROM recurrent
)
SELECT n.population AS pre_population,
       LEAST(CAST(FLOOR((r.weight - b.lo) / NULLIF(b.hi - b.lo, 0) * 20) AS INT), 19) AS bin,
       MIN(r.weight) AS bin_min, MAX(r.weight) AS bin_max, COUNT(*) AS synapses
FROM recurrent r
JOIN neurons n ON n.id = r.pre
CROSS JOIN bounds b
GROUP BY n.population, LEAST(CAST(FLOOR((r.weight - b.lo) / NULLIF(b.hi - b.lo, 0) * 20) AS INT), 19)
ORDER BY pre_population, bin;

-- name: autapse-count
-- Self-connections (post = pre): none under --autapses repair or exclude.
SELECT COUNT(*) AS autapses FROM recurrent WHERE post = pre;
