package org.connectome.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.connectome.engine.RunInterruptedException;
import org.connectome.model.InvalidParameterException;
import org.connectome.model.ModelOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code connectome}: the command line. The same main class runs under {@code spark-submit} and in the local
 * launcher; it never sets the Spark master.
 *
 * <p>Exit codes: 0 done; 1 the run failed (a message says why); 2 bad input, nothing written.
 */
@Command(name = "connectome", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Random E/I-balanced connectomes at billion-synapse scale, generated with Apache Spark and"
                + " written as Parquet edge tables.%n")
public final class ConnectomeCli implements Runnable {
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    /** 128 + SIGINT, as shells report an interrupted command. */
    public static final int EXIT_INTERRUPTED = 130;

    /** The subcommands, in the order usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(GenerateCommand.class, StatsCommand.class, SqlCommand.class,
            ExportCommand.class, ReportCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err);
        // Return normally on success: YARN's cluster mode takes System.exit(0) for a failed application.
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs a command line in this JVM; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new ConnectomeCli());
        for (Class<?> command : subcommands(args)) {
            commandLine.addSubcommand(command);
        }
        commandLine.setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(ModelOptions.defaults()))
                .setParameterExceptionHandler((exception, arguments) -> {
                    CommandLine failed = exception.getCommandLine();
                    failed.getErr().println(failed.getCommandName() + ": " + oneLine(exception.getMessage())
                            + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
                    return EXIT_USAGE;
                })
                .setExecutionExceptionHandler((exception, failed, parseResult) -> {
                    if (interrupted(exception)) {
                        return EXIT_INTERRUPTED; // the cleanup hook has said so in one line
                    }
                    InvalidParameterException user = userError(exception);
                    if (user != null) {
                        failed.getErr().println(failed.getCommandName() + ": " + oneLine(user.getMessage()));
                        return EXIT_USAGE;
                    }
                    failed.getErr().println(failed.getCommandName() + ": failed: " + rootMessage(exception));
                    if (Boolean.getBoolean("connectome.stacktrace")) {
                        exception.printStackTrace(failed.getErr());
                    } else {
                        failed.getErr().println("  (the Spark log above has details; -Dconnectome.stacktrace=true"
                                + " prints the stack trace)");
                    }
                    return EXIT_FAILED;
                });
        return commandLine.execute(args);
    }

    /**
     * The subcommands to build: only the one named first, when it is one, since picocli's reflection over every
     * command's options is a tenth of a small run; otherwise all of them and {@code help}, for usage and
     * suggestions.
     */
    static List<Class<?>> subcommands(String[] args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    return List.of(command);
                }
            }
        }
        List<Class<?>> all = new ArrayList<>(COMMANDS);
        all.add(CommandLine.HelpCommand.class);
        return all;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: generate, stats, sql, export or report");
    }

    /** A user error anywhere in the cause chain, e.g. thrown inside a Spark task. */
    static InvalidParameterException userError(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidParameterException user) {
                return user;
            }
        }
        return null;
    }

    static boolean interrupted(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof RunInterruptedException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        return oneLine(message);
    }

    static String oneLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
