package org.connectome.export;

/** The export formats of SPEC 8. */
public enum ExportFormat {
    /** SONATA HDF5 and CSV files for NEST, libsonata and BMTK. */
    SONATA,
    /** NumPy .npy arrays: the recurrent matrix in compressed sparse rows, the dense input and output matrices. */
    CSR
}
