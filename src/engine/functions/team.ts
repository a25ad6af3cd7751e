/**
 * Team functions read the expression inside them for another team (context.ts):
 * PARENT one level up (blank above a root), TOTAL the whole visible workspace.
 */
import type { ContextFunction } from './types';

function teamFunction(name: 'PARENT' | 'TOTAL', doc: string, example: string): ContextFunction {
  return {
    name,
    family: 'team',
    evaluation: 'context',
    minArgs: 1,
    maxArgs: 1,
    signature: `${name}(x)`,
    doc: `${doc} Applies to the whole expression inside.`,
    blankRule: name === 'PARENT' ? 'Blank above a root team (or above a scoped key\u2019s root).' : 'Blank when no team has data.',
    errorRule: 'Errors of the expression pass through.',
    example,
    steps: () => [{ team: name }],
    scalar: ([x]) => x,
    emit: (_g, [x]) => x,
  };
}

export const PARENT = teamFunction('PARENT', 'x for the parent team.', 'revenue / PARENT(revenue)');
export const TOTAL = teamFunction('TOTAL', 'x for the whole workspace (all root teams).', 'revenue / TOTAL(revenue)');

export const TEAM_FUNCTIONS = [PARENT, TOTAL] as const;
