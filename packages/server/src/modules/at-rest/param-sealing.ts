// Sealing for queries compiled once and reused (storage/reusable-query.ts): they reach the
// connection as raw SQL, so the sealing dialect cannot read their operation tree. At compile time
// we note which parameter feeds which column of an insert into a protected table; the connection
// then seals those parameters in place, with no recompiling on the hot send path.
import {
  ColumnNode,
  InsertQueryNode,
  UpdateQueryNode,
  PrimitiveValueListNode,
  ValueNode,
  ValuesNode,
  type RootOperationNode,
  type WithNode,
} from 'kysely';
import { PROTECTED } from './protected-columns.js';

export interface SealParams {
  table: string;
  /** The column each parameter position holds (undefined: none of interest). */
  columns: (string | undefined)[];
  /** Inserts of the statement's common table expressions, sealed first (in their order). */
  before?: SealParams[];
}

/** Carried on a CompiledQuery beside its sql and parameters. */
export interface SealableQuery {
  seal?: SealParams;
}

/**
 * For an insert of one row into a protected table: which column each compiled parameter feeds.
 * `slotOf` names the argument slot a value stands for; `paramOf` finds the parameter position of a
 * slot. Undefined for any other query; an UPDATE of sealed columns is refused (not supported here).
 * The inserts and updates of the statement's common table expressions are read the same way: one
 * statement may store a message and its event (messages/insert-message.ts).
 */
export function paramColumnsOf(
  node: RootOperationNode,
  slotOf: (v: unknown) => number | undefined,
  paramOf: (slot: number) => number,
): SealParams | undefined {
  const parts: SealParams[] = [];
  const ctes = (node as { with?: WithNode }).with?.expressions ?? [];
  for (const cte of ctes) {
    const e = cte.expression;
    if (InsertQueryNode.is(e) || UpdateQueryNode.is(e)) {
      const part = paramColumnsOf(e, slotOf, paramOf);
      if (part) parts.push(part);
    }
  }
  const own = ownParamColumns(node, slotOf, paramOf);
  if (own) parts.push(own);
  const last = parts.pop();
  return last && parts.length > 0 ? { ...last, before: parts } : last;
}

function ownParamColumns(
  node: RootOperationNode,
  slotOf: (v: unknown) => number | undefined,
  paramOf: (slot: number) => number,
): SealParams | undefined {
  if (UpdateQueryNode.is(node)) {
    const table = (node.table as unknown as { table?: { identifier?: { name?: string } } } | undefined)?.table
      ?.identifier?.name;
    const spec = table ? PROTECTED[table] : undefined;
    // Setting a sealed column from an argument cannot be sealed here (its row's scope is unknown).
    const sets = (node.updates ?? []).some(
      (u) =>
        ColumnNode.is(u.column) &&
        spec?.columns.has(u.column.column.name) &&
        ValueNode.is(u.value) &&
        slotOf(u.value.value) !== undefined,
    );
    if (sets) throw new Error(`reusable UPDATE of ${table}: its sealed columns need a Kysely query`);
    return undefined;
  }
  if (!InsertQueryNode.is(node)) return undefined;
  const table = node.into?.table.identifier.name ?? '';
  if (!PROTECTED[table] || !node.values || !ValuesNode.is(node.values) || node.values.values.length !== 1) {
    return undefined;
  }
  const row = node.values.values[0]!;
  const values: unknown[] = PrimitiveValueListNode.is(row)
    ? [...row.values]
    : row.values.map((v) => (ValueNode.is(v) ? v.value : undefined));
  const columns: (string | undefined)[] = [];
  (node.columns ?? []).forEach((c, i) => {
    const slot = slotOf(values[i]);
    if (slot === undefined) return;
    const pos = paramOf(slot);
    if (pos >= 0) columns[pos] = c.column.name;
  });
  return { table, columns };
}
