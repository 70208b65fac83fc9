package org.connectome.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Spark application's event log (one JSON event per line): what ran where, as the driver recorded it. */
final class EventLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> events;

    private EventLog(List<JsonNode> events) {
        this.events = events;
    }

    /** A task attempt's end. */
    record TaskEnd(int stage, int partition, int attempt, String executor, String reason) {
        boolean succeeded() {
            return "Success".equals(reason);
        }
    }

    static EventLog read(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                events.add(JSON.readTree(line));
            }
        }
        return new EventLog(events);
    }

    /** Executor id to the stderr log URL its worker serves (the URL names the worker's web UI port). */
    Map<String, String> executorsAdded() {
        Map<String, String> executors = new LinkedHashMap<>();
        for (JsonNode event : of("SparkListenerExecutorAdded")) {
            executors.put(event.path("Executor ID").asText(),
                    event.path("Executor Info").path("Log Urls").path("stderr").asText());
        }
        return executors;
    }

    /** Executor id to the reason the driver gives for its removal. */
    Map<String, String> executorsRemoved() {
        Map<String, String> executors = new LinkedHashMap<>();
        for (JsonNode event : of("SparkListenerExecutorRemoved")) {
            executors.put(event.path("Executor ID").asText(), event.path("Removed Reason").asText());
        }
        return executors;
    }

    /** The stages of the first job with this description ({@code SparkContext.setJobDescription}). */
    Set<Integer> stagesOfFirstJob(String description) {
        Set<Integer> stages = new HashSet<>();
        for (JsonNode event : of("SparkListenerJobStart")) {
            if (description.equals(event.path("Properties").path("spark.job.description").asText())) {
                event.path("Stage IDs").forEach(stage -> stages.add(stage.asInt()));
                break;
            }
        }
        return stages;
    }

    List<TaskEnd> taskEnds() {
        List<TaskEnd> ends = new ArrayList<>();
        for (JsonNode event : of("SparkListenerTaskEnd")) {
            JsonNode info = event.path("Task Info");
            ends.add(new TaskEnd(event.path("Stage ID").asInt(), info.path("Partition ID").asInt(),
                    info.path("Attempt").asInt(), info.path("Executor ID").asText(),
                    event.path("Task End Reason").path("Reason").asText()));
        }
        return ends;
    }

    private List<JsonNode> of(String type) {
        return events.stream().filter(event -> type.equals(event.path("Event").asText())).toList();
    }
}
