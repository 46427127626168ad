import { DomainError } from '../errors.js';

/**
 * One explicit state machine: a closed set of states and the table of allowed moves.
 * `transition` is the only way a state changes; anything not in the table is refused with
 * CC_ERR_ILLEGAL_TRANSITION, so a lifecycle can never be bent by a stray assignment.
 */
export interface StateMachine<S extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly terminal: readonly S[];
  readonly table: Readonly<Record<S, readonly S[]>>;
  canTransition(from: S, to: S): boolean;
  transition(from: S, to: S): S;
}

export function defineMachine<S extends string>(
  name: string,
  table: Readonly<Record<S, readonly S[]>>,
): StateMachine<S> {
  const states = Object.keys(table) as S[];
  const allowed = new Map<S, ReadonlySet<S>>(states.map((s) => [s, new Set(table[s])]));
  const terminal = states.filter((s) => table[s].length === 0);
  return {
    name,
    states,
    terminal,
    table,
    canTransition: (from, to) => allowed.get(from)?.has(to) ?? false,
    transition(from, to) {
      if (!allowed.get(from)?.has(to)) {
        throw new DomainError('CC_ERR_ILLEGAL_TRANSITION', { machine: name, from, to });
      }
      return to;
    },
  };
}
