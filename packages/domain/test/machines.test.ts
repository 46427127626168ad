import { describe, it, expect } from 'vitest';
import {
  agentPresenceMachine,
  callMachine,
  callbackMachine,
  legMachine,
  DomainError,
  type StateMachine,
} from '../src/index.js';

/**
 * Every machine is checked over the full cartesian product of its states, so a row added to
 * or dropped from a table cannot slip through: the table is the whole truth about a lifecycle.
 */
interface Case {
  readonly title: string;
  readonly machine: StateMachine<string>;
  readonly initial: readonly string[];
  readonly terminal: readonly string[];
}

const cases: readonly Case[] = [
  {
    title: '[AGT-01] agent presence',
    machine: agentPresenceMachine,
    initial: ['logged-out'],
    terminal: [],
  },
  {
    title: '[HQ-01] call',
    machine: callMachine,
    initial: ['arriving', 'dialing', 'routing'],
    terminal: ['ended'],
  },
  {
    title: '[OUT-01] leg (answer, hold, resume, end)',
    machine: legMachine,
    initial: ['offered', 'originating'],
    terminal: ['ended'],
  },
  {
    title: '[QCB-14] callback request',
    machine: callbackMachine,
    initial: ['pending', 'scheduled'],
    terminal: ['completed'],
  },
];

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
}

function reachableFrom(machine: StateMachine<string>, initial: readonly string[]): Set<string> {
  const seen = new Set(initial);
  const todo = [...initial];
  while (todo.length > 0) {
    const from = todo.pop()!;
    for (const to of machine.table[from] ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        todo.push(to);
      }
    }
  }
  return seen;
}

describe.each(cases)('$title machine', ({ title, machine, initial, terminal }) => {
  const pairs = machine.states.flatMap((from) => machine.states.map((to) => [from, to] as const));

  it(`${title}: the table only names the machine's own states`, () => {
    for (const s of [...initial, ...terminal]) expect(machine.states).toContain(s);
    for (const from of machine.states) {
      for (const to of machine.table[from]!) expect(machine.states).toContain(to);
    }
  });

  it(`${title}: every pair in the table transitions`, () => {
    let allowed = 0;
    for (const [from, to] of pairs) {
      if (!machine.table[from]!.includes(to)) continue;
      allowed += 1;
      expect(machine.canTransition(from, to), `${from} -> ${to}`).toBe(true);
      expect(machine.transition(from, to)).toBe(to);
    }
    expect(allowed).toBeGreaterThan(0);
  });

  it(`${title}: every pair not in the table throws CC_ERR_ILLEGAL_TRANSITION`, () => {
    let refused = 0;
    for (const [from, to] of pairs) {
      if (machine.table[from]!.includes(to)) continue;
      refused += 1;
      expect(machine.canTransition(from, to), `${from} -> ${to}`).toBe(false);
      const err = thrownBy(() => machine.transition(from, to));
      expect(err, `${from} -> ${to}`).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('CC_ERR_ILLEGAL_TRANSITION');
      expect((err as DomainError).details).toMatchObject({ machine: machine.name, from, to });
    }
    expect(refused).toBeGreaterThan(0);
  });

  it(`${title}: states outside the machine are refused too`, () => {
    const err = thrownBy(() => machine.transition('no-such-state', machine.states[0]!));
    expect((err as DomainError).code).toBe('CC_ERR_ILLEGAL_TRANSITION');
    const err2 = thrownBy(() => machine.transition(machine.states[0]!, 'no-such-state'));
    expect((err2 as DomainError).code).toBe('CC_ERR_ILLEGAL_TRANSITION');
  });

  it(`${title}: terminal states have no exits, and they are exactly the expected ones`, () => {
    expect([...machine.terminal].sort()).toEqual([...terminal].sort());
    for (const t of terminal) {
      for (const to of machine.states)
        expect(machine.canTransition(t, to), `${t} -> ${to}`).toBe(false);
    }
  });

  it(`${title}: every state is reachable from an initial state`, () => {
    const reachable = reachableFrom(machine, initial);
    for (const s of machine.states) expect(reachable.has(s), `${s} unreachable`).toBe(true);
  });

  it(`${title}: every non-terminal state can still reach a terminal state`, () => {
    // Agent presence has no terminal state: every state must lead back to logged-out instead.
    const goals = terminal.length > 0 ? terminal : initial;
    for (const s of machine.states) {
      const ahead = reachableFrom(machine, [s]);
      expect(
        goals.some((g) => ahead.has(g)),
        `${s} is a dead end`,
      ).toBe(true);
    }
  });
});

describe('machine specifics', () => {
  it('[AGT-01] wrap-up ends in any manual state, and a manual state never jumps onto a call', () => {
    for (const manual of ['logged-out', 'available', 'busy', 'break', 'off-duty'] as const) {
      expect(agentPresenceMachine.canTransition('wrap-up', manual)).toBe(true);
      if (manual !== 'available') {
        expect(agentPresenceMachine.canTransition(manual, 'ringing')).toBe(false);
        expect(agentPresenceMachine.canTransition(manual, 'on-call')).toBe(false);
      }
    }
  });

  it('[AGT-03] a ringing agent who misses an offer can go off duty or stay available', () => {
    expect(agentPresenceMachine.canTransition('ringing', 'off-duty')).toBe(true);
    expect(agentPresenceMachine.canTransition('ringing', 'available')).toBe(true);
    expect(agentPresenceMachine.canTransition('ringing', 'busy')).toBe(false);
  });

  it('[QCB-14] a callback completes only through the completed state, from every open state', () => {
    for (const s of callbackMachine.states) {
      if (s === 'completed') continue;
      const ahead = reachableFrom(callbackMachine, [s]);
      expect(ahead.has('completed'), s).toBe(true);
    }
    expect(callbackMachine.terminal).toEqual(['completed']);
  });

  it('[QCB-05] a released customer-first callback can wait for a retry but never goes back to pending directly', () => {
    expect(callbackMachine.canTransition('dialing-customer', 'retry-wait')).toBe(true);
    expect(callbackMachine.canTransition('dialing-customer', 'pending')).toBe(false);
    expect(callbackMachine.canTransition('waiting-agent', 'pending')).toBe(false);
  });
});
