package org.connectome.engine;

/**
 * The run was interrupted (Ctrl-C, SIGTERM) and its cleanup, which said so on the console, removed the unfinished
 * output; the command prints nothing more.
 */
public final class RunInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunInterruptedException(Throwable cause) {
        super("interrupted", cause);
    }
}
