package org.connectome.report;

/**
 * A population of the model: its name, how many neurons it has, and its ids {@code firstId .. lastId}.
 */
public record Population(String name, long size, long firstId, long lastId) {
}
