/* Reduced-cost fixing from GLPK's root prices, then a restart: does it let GLPK prove what HiGHS
 * proves after its own restart? The experiment behind item 3 of issue #11 (docs/performance.md,
 * session 9), kept so that anyone can repeat it.
 *
 * Reads a model `smm export-model` wrote (CPLEX LP, a maximisation), solves its root node with the
 * tool's GLPK settings (Gomory, MIR and clique cuts, pseudo-costs, MIP presolve off so that the
 * root LP is in the model's columns), and reads the root LP's value z and reduced costs d after
 * the cuts. Every binary column at a bound whose move by one would bring z + d below TARGET (the
 * smallest value better than the known plan) is fixed there: no plan better than the known one
 * is cut off. Writes the restricted model, with the row "objective >= TARGET" unless --no-cutoff,
 * for glpsol to search (infeasible: the known plan is optimal).
 *
 * Build: gcc -O2 -o /tmp/rcr Benchmarks/reduced_cost_restart.c -lglpk
 * Run:   /tmp/rcr MODEL.lp TARGET OUT.lp [--no-cutoff]
 *        glpsol --lp OUT.lp --gomory --mir --clique --pcost --tmlim 60
 */
#include <glpk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The root LP after GLPK's cuts: its value, and each column's reduced cost and status. */
typedef struct RootPrices {
    int captured;
    int columns;
    double value;
    double *reduced_cost;
    int *status;
} RootPrices;

/* At the root's branching the LP (with its cuts) is optimal: read it, and stop the search. */
static void read_root(glp_tree *tree, void *info) {
    RootPrices *root = info;
    if (glp_ios_reason(tree) != GLP_IBRANCH || root->captured) return;
    if (glp_ios_node_level(tree, glp_ios_curr_node(tree)) != 0) return;
    glp_prob *lp = glp_ios_get_prob(tree);
    root->value = glp_get_obj_val(lp);
    for (int j = 1; j <= root->columns; j++) {
        root->reduced_cost[j] = glp_get_col_dual(lp, j);
        root->status[j] = glp_get_col_stat(lp, j);
    }
    root->captured = 1;
    glp_ios_terminate(tree);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s MODEL.lp TARGET OUT.lp [--no-cutoff]\n", argv[0]);
        return 2;
    }
    double target = atof(argv[2]);
    int cutoff = !(argc > 4 && strcmp(argv[4], "--no-cutoff") == 0);
    glp_term_out(GLP_OFF);
    glp_prob *model = glp_create_prob();
    if (glp_read_lp(model, NULL, argv[1]) != 0) return 1;
    int n = glp_get_num_cols(model);
    RootPrices root = {0, n, 0, calloc(n + 1, sizeof(double)), calloc(n + 1, sizeof(int))};

    glp_smcp simplex;
    glp_init_smcp(&simplex);
    glp_simplex(model, &simplex);
    double lp_value = glp_get_obj_val(model);
    glp_iocp search;
    glp_init_iocp(&search);
    search.gmi_cuts = search.mir_cuts = search.clq_cuts = GLP_ON;
    search.br_tech = GLP_BR_PCH;
    search.cb_func = read_root;
    search.cb_info = &root;
    glp_intopt(model, &search);
    if (!root.captured) {
        fprintf(stderr, "the search ended at its root: nothing to restart\n");
        return 1;
    }

    int fixed = 0;
    for (int j = 1; j <= n; j++) {
        if (glp_get_col_kind(model, j) != GLP_BV) continue;
        if (root.status[j] == GLP_NL && root.value + root.reduced_cost[j] < target) {
            glp_set_col_bnds(model, j, GLP_FX, 0, 0);
            fixed++;
        } else if (root.status[j] == GLP_NU && root.value - root.reduced_cost[j] < target) {
            glp_set_col_bnds(model, j, GLP_FX, 1, 1);
            fixed++;
        }
    }
    if (cutoff) {
        int row = glp_add_rows(model, 1), count = 0;
        int *index = calloc(n + 1, sizeof(int));
        double *value = calloc(n + 1, sizeof(double));
        for (int j = 1; j <= n; j++)
            if (glp_get_obj_coef(model, j) != 0) {
                count++;
                index[count] = j;
                value[count] = glp_get_obj_coef(model, j);
            }
        glp_set_mat_row(model, row, count, index, value);
        glp_set_row_bnds(model, row, GLP_LO, target - glp_get_obj_coef(model, 0), 0);
    }
    printf("LP %.4f, root after GLPK's cuts %.4f, target %.4f: %d of %d columns fixed%s\n", lp_value,
           root.value, target, fixed, n, cutoff ? ", objective cutoff row added" : "");
    return glp_write_lp(model, NULL, argv[3]) == 0 ? 0 : 1;
}
