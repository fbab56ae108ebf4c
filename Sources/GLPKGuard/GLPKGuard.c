#include "GLPKGuard.h"

#include <float.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One guarded call: its jump target and what GLPK printed last (for the error message). */
typedef struct GuardContext {
    jmp_buf jump;
    char tail[1024];
    const SMMGLPKOptions *options;
    double started_ms;
    int injected;
    int has_bound;
    double bound;
    int nodes;
    /* The node count (with node_offset) at which the incumbent was first seen, -1 before one. */
    int incumbent_nodes;
    double incumbent_value;
    int num_cols;
    int maximize;
} GuardContext;

static void remember_tail(GuardContext *ctx, const char *text) {
    size_t have = strlen(ctx->tail), add = strlen(text), cap = sizeof ctx->tail - 1;
    if (add >= cap) {
        memcpy(ctx->tail, text + (add - cap), cap);
        ctx->tail[cap] = 0;
        return;
    }
    if (have + add > cap) {
        size_t drop = have + add - cap;
        memmove(ctx->tail, ctx->tail + drop, have - drop + 1);
        have -= drop;
    }
    memcpy(ctx->tail + have, text, add + 1);
}

static int on_terminal(void *info, const char *text) {
    GuardContext *ctx = info;
    remember_tail(ctx, text);
    if (ctx->options && ctx->options->terminal)
        ctx->options->terminal(ctx->options->terminal_context, text);
    return 1; /* never let GLPK write to stdout itself */
}

static void on_error(void *info) {
    GuardContext *ctx = info;
    longjmp(ctx->jump, 1);
}

static void begin(GuardContext *ctx, const SMMGLPKOptions *options) {
    memset(ctx->tail, 0, sizeof ctx->tail);
    ctx->options = options;
    ctx->injected = 0;
    ctx->has_bound = 0;
    ctx->bound = 0;
    ctx->nodes = 0;
    ctx->incumbent_nodes = -1;
    ctx->incumbent_value = 0;
    glp_term_hook(on_terminal, ctx);
    glp_error_hook(on_error, ctx);
}

/* After a longjmp or at the end: drop every GLPK object and the environment of this thread. */
static void end(void) {
    glp_free_env();
}

static void fail(SMMGLPKOutcome *outcome, int code, const char *message) {
    outcome->code = code;
    snprintf(outcome->error_message, sizeof outcome->error_message, "%s", message);
}

/* GLPK's bound type and values for [lo, up], where +-HUGE_VAL means "none". */
static int bound_type(double lo, double up, double *glpk_lo, double *glpk_up) {
    int has_lo = lo != -HUGE_VAL, has_up = up != HUGE_VAL;
    *glpk_lo = has_lo ? lo : 0;
    *glpk_up = has_up ? up : 0;
    if (has_lo && has_up) return lo == up ? GLP_FX : GLP_DB;
    return has_lo ? GLP_LO : has_up ? GLP_UP : GLP_FR;
}

/* Builds the GLPK problem. The 1-based index arrays are malloc'd by the caller's frame so that
 * they can be freed after a longjmp too. */
static glp_prob *build(const SMMGLPKProblem *p, int *ia, int *ja, double *ar) {
    glp_prob *P = glp_create_prob();
    if (p->name) glp_set_prob_name(P, p->name);
    glp_set_obj_dir(P, p->maximize ? GLP_MAX : GLP_MIN);
    glp_set_obj_coef(P, 0, p->objective_constant);
    if (p->num_rows > 0) glp_add_rows(P, p->num_rows);
    if (p->num_cols > 0) glp_add_cols(P, p->num_cols);
    for (int i = 0; i < p->num_rows; i++) {
        if (p->row_names) glp_set_row_name(P, i + 1, p->row_names[i]);
        double lo, up;
        int type = bound_type(p->row_lower[i], p->row_upper[i], &lo, &up);
        glp_set_row_bnds(P, i + 1, type, lo, up);
    }
    for (int j = 0; j < p->num_cols; j++) {
        if (p->col_names) glp_set_col_name(P, j + 1, p->col_names[j]);
        int lo0 = p->col_lower[j] == 0.0, up1 = p->col_upper[j] == 1.0;
        if (p->col_integer[j] && lo0 && up1)
            glp_set_col_kind(P, j + 1, GLP_BV);
        else {
            glp_set_col_kind(P, j + 1, p->col_integer[j] ? GLP_IV : GLP_CV);
            double lo, up;
            int type = bound_type(p->col_lower[j], p->col_upper[j], &lo, &up);
            glp_set_col_bnds(P, j + 1, type, lo, up);
        }
        glp_set_obj_coef(P, j + 1, p->objective[j]);
    }
    for (int k = 0; k < p->num_nonzeros; k++) {
        ia[k + 1] = p->matrix_row[k] + 1;
        ja[k + 1] = p->matrix_col[k] + 1;
        ar[k + 1] = p->matrix_value[k];
    }
    if (p->num_nonzeros > 0) glp_load_matrix(P, p->num_nonzeros, ia, ja, ar);
    return P;
}

static double elapsed_seconds(const GuardContext *ctx) {
    return (glp_time() - ctx->started_ms) / 1000.0;
}

/* Notes the node count when the incumbent changes (a plan found by the search or offered by us):
 * like every node count, the same on every run, so a race can tell whether a stopped search had
 * its plan before the point at which it was stopped. */
static void note_incumbent(GuardContext *ctx, glp_prob *P, int nodes) {
    if (glp_mip_status(P) != GLP_FEAS && glp_mip_status(P) != GLP_OPT) return;
    double value = glp_mip_obj_val(P);
    if (ctx->incumbent_nodes < 0 || value != ctx->incumbent_value) {
        ctx->incumbent_nodes = ctx->options->node_offset + nodes;
        ctx->incumbent_value = value;
    }
}

/* Reads the best open node's bound into ctx; a node whose LP is not solved yet carries +-DBL_MAX
 * as its bound: not a bound to report (formatted, it overflowed and crashed the progress line). */
static void note_bound(GuardContext *ctx, glp_tree *T) {
    int best = glp_ios_best_node(T);
    double node_bound = best != 0 ? glp_ios_node_bound(T, best) : 0.0;
    if (best != 0 && isfinite(node_bound) && fabs(node_bound) < 0.5 * DBL_MAX) {
        ctx->has_bound = 1;
        ctx->bound = node_bound;
    }
}

static void report_progress(GuardContext *ctx, glp_tree *T) {
    const SMMGLPKOptions *o = ctx->options;
    if (!o->progress) return;
    glp_prob *P = glp_ios_get_prob(T);
    int has_incumbent = glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT;
    o->progress(o->progress_context, elapsed_seconds(ctx), has_incumbent, has_incumbent ? glp_mip_obj_val(P) : 0.0,
                ctx->has_bound, ctx->bound);
}

/* Whether the caller asked the solve to stop (Ctrl-C, or a race that no longer needs it). */
static int stop_requested(const SMMGLPKOptions *o) {
    return o->should_stop && o->should_stop(o->progress_context);
}

/* Whether node_offset plus `nodes` has reached the node ceiling another thread may lower. */
static int ceiling_reached(const SMMGLPKOptions *o, int nodes) {
    return o->node_ceiling && (long long)o->node_offset + nodes >= o->node_ceiling(o->progress_context);
}

static void on_tree(glp_tree *T, void *info) {
    GuardContext *ctx = info;
    const SMMGLPKOptions *o = ctx->options;
    if (stop_requested(o)) {
        glp_ios_terminate(T);
        return;
    }
    /* GLPK checks its own time limit between nodes only, and the root's cut rounds on a program of
     * thousands of columns take a second or more. The callback runs at every round (GLP_IROWGEN,
     * GLP_ICUTGEN), so stopping here bounds the overrun by one round; what the search has is
     * reported first. */
    if (o->time_limit_seconds > 0 && elapsed_seconds(ctx) >= o->time_limit_seconds) {
        note_bound(ctx, T);
        report_progress(ctx, T);
        glp_ios_terminate(T);
        return;
    }
    int total;
    glp_ios_tree_size(T, NULL, NULL, &total);
    ctx->nodes = total;
    note_incumbent(ctx, glp_ios_get_prob(T), total);
    switch (glp_ios_reason(T)) {
    case GLP_IHEUR:
        if (!ctx->injected && o->initial_solution) {
            ctx->injected = 1;
            /* glp_ios_heur_sol takes a 1-based array. */
            double *x = malloc(sizeof(double) * (size_t)(ctx->num_cols + 1));
            if (x) {
                x[0] = 0;
                memcpy(x + 1, o->initial_solution, sizeof(double) * (size_t)ctx->num_cols);
                glp_ios_heur_sol(T, x);
                free(x);
                note_incumbent(ctx, glp_ios_get_prob(T), ctx->nodes);
            }
        }
        break;
    case GLP_ICUTGEN:
        /* From the root's first LP on, the best node has a bound: reported at each cut round too,
         * as the first branch may be seconds away (a 5 s search of the vendor portfolio on a
         * loaded machine stopped before it, having reported nothing). */
        note_bound(ctx, T);
        report_progress(ctx, T);
        break;
    case GLP_ISELECT:
    case GLP_IBINGO:
    case GLP_IBRANCH: {
        /* The bound a search stopped from here on ends with. */
        note_bound(ctx, T);
        if (glp_ios_reason(T) == GLP_ISELECT) {
            /* Node counts, not times: the same stop on every run. */
            if (o->node_limit > 0 && total >= o->node_limit) {
                glp_ios_terminate(T);
                return;
            }
            if (ceiling_reached(o, total)) {
                glp_ios_terminate(T);
                return;
            }
            if (o->stop_at_incumbent && ctx->incumbent_nodes >= 0 &&
                o->stop_at_incumbent(o->progress_context, ctx->incumbent_value, ctx->incumbent_nodes)) {
                glp_ios_terminate(T);
                return;
            }
        }
        glp_prob *P = glp_ios_get_prob(T);
        int has_incumbent = glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT;
        if (o->objective_step > 0 && ctx->maximize && ctx->has_bound && has_incumbent) {
            /* Proven once the bound, rounded down to a value a plan can have, meets the incumbent:
             * the same rounding (and tolerance) as ObjectiveGranularity.tightened in Swift. */
            double scaled = ctx->bound / o->objective_step;
            double rounded = floor(scaled + 1e-6 + 1e-9 * fabs(scaled)) * o->objective_step;
            double incumbent = glp_mip_obj_val(P);
            if (rounded <= incumbent + 1e-9 * fmax(1.0, fabs(incumbent))) {
                glp_ios_terminate(T);
                return;
            }
        }
        report_progress(ctx, T);
        break;
    }
    default:
        break;
    }
}

static int time_left_ms(const GuardContext *ctx, double limit_seconds) {
    if (limit_seconds <= 0) return INT_MAX;
    double left = limit_seconds * 1000.0 - (glp_time() - ctx->started_ms);
    if (left < 1) return 1;
    if (left > (double)INT_MAX) return INT_MAX;
    return (int)left;
}

/* What a guarded operation does with the built problem (solve it, or write it). */
typedef void (*GuardedBody)(GuardContext *ctx, glp_prob *P, const SMMGLPKProblem *p, SMMGLPKOutcome *out,
                            void *info);

/* The one place that arms the guard: allocates the 1-based matrix arrays, sets the hooks and the
 * jump target, builds the problem, runs `body`, and releases everything, on success and after a
 * GLPK error alike. The setjmp frame stays on the stack for the whole of `body`. */
static int guarded(const SMMGLPKProblem *p, const SMMGLPKOptions *o, SMMGLPKOutcome *out, GuardedBody body,
                   void *info) {
    GuardContext ctx;
    int *volatile ia = NULL;
    int *volatile ja = NULL;
    double *volatile ar = NULL;
    memset(out->error_message, 0, sizeof out->error_message);
    out->code = SMM_GLPK_OK;

    size_t n = (size_t)p->num_nonzeros + 1;
    ia = malloc(sizeof(int) * n);
    ja = malloc(sizeof(int) * n);
    ar = malloc(sizeof(double) * n);
    if (!ia || !ja || !ar) {
        free(ia); free(ja); free(ar);
        fail(out, SMM_GLPK_OUT_OF_MEMORY, "could not allocate the constraint matrix");
        return out->code;
    }
    ctx.num_cols = p->num_cols;
    ctx.maximize = p->maximize;
    begin(&ctx, o);
    if (setjmp(ctx.jump)) {
        end();
        free(ia); free(ja); free(ar);
        fail(out, SMM_GLPK_ERROR, ctx.tail[0] ? ctx.tail : "GLPK reported an internal error");
        return out->code;
    }
    ctx.started_ms = glp_time();
    glp_prob *P = build(p, ia, ja, ar);
    body(&ctx, P, p, out, info);
    glp_delete_prob(P);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    end();
    free(ia); free(ja); free(ar);
    return out->code;
}

/* The LP relaxation alone, by the primal simplex in rounds of RELAXATION_ROUND_ITERATIONS: GLPK's
 * simplex calls nothing back, and the LP of a program with the money limits' flows (thousands of
 * columns) takes up to a second, which a race decided meanwhile would wait for. Without the LP
 * presolver, so that each round goes on from the last one's basis, and from Bixby's crash basis
 * (glp_adv_basis): on the generated 3 x 8 tight program (6,021 columns, in a race) 0.28-0.40 s,
 * against 0.20-0.23 s in one call with the presolver and 0.73-0.89 s from the slack basis. The
 * LP's optimal value does not depend on the path. A relaxation ended early reports the simplex's
 * GLP_ETMLIM, as if out of time. */
enum { RELAXATION_ROUND_ITERATIONS = 500 };

static void solve_relaxation_in_rounds(GuardContext *ctx, glp_prob *P, const SMMGLPKOptions *o,
                                       SMMGLPKOutcome *out) {
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = o->message_level;
    smcp.presolve = GLP_OFF;
    smcp.it_lim = RELAXATION_ROUND_ITERATIONS;
    glp_adv_basis(P, 0);
    for (;;) {
        /* Asked to stop, or (in a race) the other search proved its plan before this one's nodes. */
        if (stop_requested(o) || ceiling_reached(o, 0)) {
            out->simplex_return = GLP_ETMLIM;
            break;
        }
        smcp.tm_lim = time_left_ms(ctx, o->time_limit_seconds);
        out->simplex_return = glp_simplex(P, &smcp);
        if (out->simplex_return != GLP_EITLIM) break;
    }
    out->lp_status = glp_get_status(P);
    out->lp_objective = glp_get_obj_val(P);
}

static void solve_body(GuardContext *ctx, glp_prob *P, const SMMGLPKProblem *p, SMMGLPKOutcome *out, void *info) {
    const SMMGLPKOptions *o = info;
    out->intopt_ran = 0;
    out->has_tree_bound = 0;
    out->nodes = 0;
    out->incumbent_nodes = -1;

    if (o->relaxation_only) {
        solve_relaxation_in_rounds(ctx, P, o, out);
        return;
    }
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = o->message_level;
    smcp.presolve = GLP_ON;
    smcp.tm_lim = time_left_ms(ctx, o->time_limit_seconds);
    out->simplex_return = glp_simplex(P, &smcp);
    out->lp_status = glp_get_status(P);
    out->lp_objective = glp_get_obj_val(P);
    if (out->simplex_return != 0 || out->lp_status != GLP_OPT) return;

    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = o->message_level;
    /* An injected solution is in terms of the original columns, which the MIP presolver would
     * change; without presolve glp_intopt starts from the optimal basis found above. */
    iocp.presolve = o->presolve && !o->initial_solution ? GLP_ON : GLP_OFF;
    iocp.mip_gap = o->relative_gap;
    if (o->cuts) {
        /* The budget and effort rows are knapsacks: MIR and Gomory cuts close the LP gap that
         * plain branch-and-bound enumerates for minutes (measured on the HVAC scenario:
         * 33 s -> 0.3 s). Cover cuts are left off: GLPK 5.0 aborts in them on some models
         * ("glp_add_cols: ncs = 0"), and they gained nothing measurable here. */
        iocp.gmi_cuts = GLP_ON;
        iocp.mir_cuts = GLP_ON;
        iocp.clq_cuts = GLP_ON;
    }
    /* Pseudo-costs pay for their learning phase on long solves; on the core's windows (hundredths
     * of a second each) GLPK's default rule did as well or a little better (measured with 0.1 s
     * windows, three runs each: 50 x 8 in 2 s 13,722.875 against 13,722.625-13,722.875; 200 x 8
     * 0.0114% against 0.0118%). */
    if (o->branching == SMM_GLPK_BRANCH_PSEUDO_COST || (o->branching == SMM_GLPK_BRANCH_AUTOMATIC && o->cuts))
        iocp.br_tech = GLP_BR_PCH;
    else
        iocp.br_tech = GLP_BR_DTH;
    iocp.tm_lim = time_left_ms(ctx, o->time_limit_seconds);
    iocp.cb_func = on_tree;
    iocp.cb_info = ctx;
    out->intopt_ran = 1;
    out->intopt_return = glp_intopt(P, &iocp);
    out->mip_status = glp_mip_status(P);
    out->mip_objective = glp_mip_obj_val(P);
    out->has_tree_bound = ctx->has_bound;
    out->tree_bound = ctx->bound;
    out->nodes = ctx->nodes;
    /* A plan no callback saw (the presolver solved the program): found with the last node. Only
     * then: the original problem's value may differ in its last bits from the presolved one's. */
    if (ctx->incumbent_nodes < 0) note_incumbent(ctx, P, ctx->nodes);
    out->incumbent_nodes = ctx->incumbent_nodes;
    if (out->mip_status == GLP_OPT || out->mip_status == GLP_FEAS)
        for (int j = 0; j < p->num_cols; j++) out->column_values[j] = glp_mip_col_val(P, j + 1);
}

int smm_glpk_solve(const SMMGLPKProblem *p, const SMMGLPKOptions *o, SMMGLPKOutcome *out) {
    return guarded(p, o, out, solve_body, (void *)o);
}

typedef struct WriteRequest {
    int format;
    const char *path;
} WriteRequest;

static void write_body(GuardContext *ctx, glp_prob *P, const SMMGLPKProblem *p, SMMGLPKOutcome *out, void *info) {
    const WriteRequest *request = info;
    (void)p;
    int rc = request->format == SMM_GLPK_FORMAT_MPS ? glp_write_mps(P, GLP_MPS_FILE, NULL, request->path)
                                                    : glp_write_lp(P, NULL, request->path);
    if (rc != 0) fail(out, SMM_GLPK_WRITE_FAILED, ctx->tail[0] ? ctx->tail : "GLPK could not write the file");
}

int smm_glpk_write(const SMMGLPKProblem *p, int format, const char *path, SMMGLPKOutcome *out) {
    SMMGLPKOptions quiet;
    memset(&quiet, 0, sizeof quiet);
    WriteRequest request = {format, path};
    return guarded(p, &quiet, out, write_body, &request);
}

const char *smm_glpk_version(void) {
    return glp_version();
}
