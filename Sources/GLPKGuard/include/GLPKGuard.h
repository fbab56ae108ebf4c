#ifndef SMM_GLPK_GUARD_H
#define SMM_GLPK_GUARD_H

/*
 * GLPKGuard: every GLPK call of SMM Planner runs inside one of these functions.
 *
 * GLPK reports a bad argument or an internal failure (such as exhausting glp_mem_limit) by
 * calling abort(). The only way back is a longjmp from glp_error_hook, and a longjmp must
 * not cross Swift frames, so the whole life of a problem (create, load, solve or write,
 * read the answer, delete) happens here in C, between one setjmp and its return. A GLPK
 * error becomes SMM_GLPK_ERROR with GLPK's own message, and glp_free_env() releases all
 * GLPK memory of the calling thread. GLPK's environment is thread-local: each call creates,
 * solves and frees on the caller's thread and leaves no environment behind.
 *
 * Arrays are 0-based here; the shim converts to GLPK's 1-based convention. Bounds use
 * HUGE_VAL / -HUGE_VAL for "none". The Swift caller validates indices and bounds first;
 * the guard is the second line of defence, not the first.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome codes of a guarded call.
enum {
    SMM_GLPK_OK = 0,
    SMM_GLPK_ERROR = 1,          /* GLPK called glp_error: message in error_message */
    SMM_GLPK_OUT_OF_MEMORY = 2,  /* the shim's own allocation failed */
    SMM_GLPK_WRITE_FAILED = 3    /* glp_write_lp / glp_write_mps returned non-zero */
};

/// File formats for smm_glpk_write.
enum { SMM_GLPK_FORMAT_LP = 1, SMM_GLPK_FORMAT_MPS = 2 };
/* Branching rule: automatic is pseudo-costs with cuts and GLPK's default (Driebeck-Tomlin) without. */
enum { SMM_GLPK_BRANCH_AUTOMATIC = 0, SMM_GLPK_BRANCH_PSEUDO_COST = 1, SMM_GLPK_BRANCH_DRIEBECK_TOMLIN = 2 };

typedef struct SMMGLPKProblem {
    const char *name;
    int maximize;
    int num_rows;
    int num_cols;
    const double *objective;        /* [num_cols] */
    double objective_constant;
    const double *row_lower;        /* [num_rows]; -HUGE_VAL: none */
    const double *row_upper;        /* [num_rows]; HUGE_VAL: none */
    const double *col_lower;        /* [num_cols] */
    const double *col_upper;        /* [num_cols] */
    const int *col_integer;         /* [num_cols]; non-zero: integer column */
    int num_nonzeros;
    const int *matrix_row;          /* [num_nonzeros], 0-based */
    const int *matrix_col;          /* [num_nonzeros], 0-based */
    const double *matrix_value;     /* [num_nonzeros] */
    const char *const *row_names;   /* optional [num_rows] */
    const char *const *col_names;   /* optional [num_cols] */
} SMMGLPKProblem;

typedef struct SMMGLPKOptions {
    double time_limit_seconds;      /* <= 0: none */
    double relative_gap;            /* GLPK mip_gap */
    /* > 0: every objective value is a multiple of this; the search stops once the best bound,
     * rounded to such a multiple, meets the incumbent (maximisation only). */
    double objective_step;
    /* > 0: stop once the branch-and-bound tree has this many nodes (a deterministic budget). */
    int node_limit;
    /* Optional: a node limit that another thread may lower during the search (INT_MAX: none),
     * called with progress_context at every node; the search stops once node_offset plus its
     * nodes reach it. Must not call GLPK. */
    int (*node_ceiling)(void *context);
    int node_offset;
    /* Optional: asked at every node with the incumbent's objective and the node count (with
     * node_offset) at which it was found; non-zero stops the search. Called with progress_context.
     * Must not call GLPK. */
    int (*stop_at_incumbent)(void *context, double incumbent, int incumbent_nodes);
    int presolve;                   /* MIP presolver on */
    int cuts;                       /* Gomory, MIR and clique cuts */
    int branching;                  /* SMM_GLPK_BRANCH_* */
    int message_level;              /* GLP_MSG_* */
    /* Terminal output of GLPK, line by line; may be NULL. Must not call GLPK. */
    void (*terminal)(void *context, const char *text);
    void *terminal_context;
    /* Called from the branch-and-bound tree (about once a second); may be NULL. Must not call GLPK. */
    void (*progress)(void *context, double elapsed_seconds, int has_incumbent, double incumbent,
                     int has_bound, double bound);
    void *progress_context;
    /* Polled from the branch-and-bound tree; non-zero stops the search (glp_ios_terminate).
     * Called with progress_context; may be NULL. Must not call GLPK. */
    int (*should_stop)(void *context);
    /* Optional [num_cols] starting solution, offered to GLPK as a heuristic solution. */
    const double *initial_solution;
    /* Non-zero: solve the LP relaxation only (no glp_intopt), in rounds of simplex iterations
     * between which should_stop and node_ceiling (against node_offset) may end it. */
    int relaxation_only;
} SMMGLPKOptions;

typedef struct SMMGLPKOutcome {
    int code;                       /* SMM_GLPK_* */
    char error_message[1024];
    int simplex_return;             /* glp_simplex return code (0 ok) */
    int lp_status;                  /* glp_get_status after simplex */
    double lp_objective;
    int intopt_ran;
    int intopt_return;              /* glp_intopt return code */
    int mip_status;                 /* glp_mip_status */
    double mip_objective;
    int has_tree_bound;
    double tree_bound;              /* best bound seen in the branch-and-bound tree */
    int nodes;                      /* nodes the branch-and-bound tree created (0: none) */
    int incumbent_nodes;            /* node_offset + nodes when the final plan was found (-1: none) */
    double *column_values;          /* caller-allocated [num_cols]; MIP values when a plan exists */
} SMMGLPKOutcome;

/// Builds the problem, solves the LP relaxation then the MIP, copies the answer, frees GLPK.
int smm_glpk_solve(const SMMGLPKProblem *problem, const SMMGLPKOptions *options,
                   SMMGLPKOutcome *outcome);

/// Builds the problem and writes it in CPLEX LP or free MPS format.
int smm_glpk_write(const SMMGLPKProblem *problem, int format, const char *path,
                   SMMGLPKOutcome *outcome);

/// GLPK's version string, e.g. "5.0".
const char *smm_glpk_version(void);

#ifdef __cplusplus
}
#endif

#endif
