package org.connectome.model;

/**
 * A user error: a parameter, a combination of parameters or an output location that cannot work. The command
 * line prints its message as one line and exits with code 2, without a stack trace.
 */
public class InvalidParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidParameterException(String message) {
        super(message);
    }
}
