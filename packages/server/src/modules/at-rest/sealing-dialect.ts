// Encryption at rest at the storage boundary: a Kysely dialect that wraps the real one (SQLite or
// PostgreSQL) and, on every connection, seals the protected columns (protected-columns.ts) of
// inserts and updates before they reach the database and opens every sealed value in results.
// Modules keep writing and reading plain rows; no plaintext of those columns is ever sent to the
// database. Data keys are read or made on the same connection, inside the caller's transaction.
// Limits (see docs/encryption-at-rest.md): protected columns cannot be compared or searched in
// SQL (`WHERE text = ...`, LIKE), and INSERT ... SELECT into a protected table is refused.
import {
  ColumnNode,
  InsertQueryNode,
  PrimitiveValueListNode,
  ReferenceNode,
  SelectionNode,
  SelectQueryNode,
  UpdateQueryNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type OperationNode,
  type QueryCompiler,
  type QueryResult,
  type RootOperationNode,
  type TransactionSettings,
} from 'kysely';
import type { DB } from '../../storage/schema.js';
import { KeyJournal } from './key-journal.js';
import { compilerFor, keyTableOn } from './key-table.js';
import type { Keyring } from './keyring.js';
import { HASHED, hashKey, HashingTransformer } from './hashed-columns.js';
import type { SealableQuery, SealParams } from './param-sealing.js';
import { PROTECTED, type ProtectedTable } from './protected-columns.js';
import { EventPayload, parseSplit, SPLIT_PREFIX, splitPayload, splitText } from './event-payload.js';
import { openValue, sealValue, sealedKeyId, SEALED_PREFIX, TamperedValueError, type DataKey } from './value-cipher.js';

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'TableNode')
    return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (node.kind === 'AliasNode') return tableName((node as unknown as { node: OperationNode }).node);
  return undefined;
}

function columnName(c: OperationNode): string {
  if (ColumnNode.is(c)) return c.column.name;
  if (ReferenceNode.is(c) && ColumnNode.is(c.column)) return c.column.column.name;
  return '';
}

/**
 * Nothing to hide in "nothing": an empty text or entity list stays as it is (its sealed form
 * would show its length anyway).
 */
const isSealable = (v: unknown): v is string => typeof v === 'string' && v !== '' && v !== '[]';

/** `ae1.` (a sealed value) and `ae1m.` (a split event payload: event-payload.ts) both start so. */
const SEALED_FAMILY = 'ae1';

function hasSealedValue(rows: unknown[]): boolean {
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    const r = row as Record<string, unknown>;
    for (const col in r) {
      const v = r[col];
      if (typeof v === 'string' && v.startsWith(SEALED_FAMILY)) return true;
    }
  }
  return false;
}

/** For a reused insert: which parameters give the row's scope, and which are sealed. */
interface ParamPlan {
  scopeFrom: [column: string, position: number][];
  sealed: number[];
  /** Positions of the row's id and text (a message insert: remembered for its event). */
  idAt: number;
  textAt: number;
}
const plans = new WeakMap<SealParams, ParamPlan>();
function planOf(sp: SealParams, spec: ProtectedTable): ParamPlan {
  let plan = plans.get(sp);
  if (!plan) {
    const message = sp.table === 'messages';
    plan = {
      scopeFrom: [],
      sealed: [],
      idAt: message ? sp.columns.indexOf('id') : -1,
      textAt: message ? sp.columns.indexOf('text') : -1,
    };
    sp.columns.forEach((c, i) => {
      if (c === undefined) return;
      if (spec.scopeColumns.includes(c)) plan!.scopeFrom.push([c, i]);
      if (spec.columns.has(c)) plan!.sealed.push(i);
    });
    plans.set(sp, plan);
  }
  return plan;
}

/** The text of the message row this connection stored last, and its sealed value. */
interface SealedText {
  messageId: unknown;
  key: DataKey;
  text: string;
  sealed: string;
}

class SealingConnection implements DatabaseConnection {
  private readonly keys;
  private readonly hashKeys = new Map<string, Buffer>();
  /** Reused for that message's created event (event-payload.ts), never for another event. */
  private lastMessage: SealedText | undefined;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly keyring: Keyring,
    private readonly q: Kysely<DB>,
    private readonly compiler: QueryCompiler,
    /** Data keys made in the transaction under way on this connection. */
    readonly journal: KeyJournal,
  ) {
    this.keys = keyTableOn(inner, q, (row) => journal.made(row.id, row.scope));
  }

  async executeQuery<R>(cq: CompiledQuery): Promise<QueryResult<R>> {
    // The send path runs several queries per message inside the writer's batch: most need no
    // sealing at all, and the hot inserts are sealed without a promise when their key is cached.
    const params = (cq as CompiledQuery & SealableQuery).seal;
    let q: CompiledQuery | Promise<CompiledQuery> = cq;
    if (params) q = this.sealParameters(cq, params);
    else if (this.mayNeedSealing(cq)) q = this.seal(cq);
    const result = await this.inner.executeQuery<R>(q instanceof Promise ? await q : q);
    if (hasSealedValue(result.rows)) await this.openRows(result.rows);
    if (cq.query && InsertQueryNode.is(cq.query) && tableName(cq.query.into) === 'data_keys') {
      this.noteKeyInsert(cq.query);
    }
    return result;
  }

  /** A data key inserted through a Kysely handle (keyTableOf), not this.keys: journaled too. */
  private noteKeyInsert(node: InsertQueryNode): void {
    const columns = (node.columns ?? []).map(columnName);
    const [id, scope] = [columns.indexOf('id'), columns.indexOf('scope')];
    if (!node.values || !ValuesNode.is(node.values) || id < 0 || scope < 0) return;
    for (const list of node.values.values) {
      const raw: unknown[] = PrimitiveValueListNode.is(list)
        ? [...list.values]
        : list.values.map((v) => (ValueNode.is(v) ? v.value : undefined));
      if (typeof raw[id] === 'string' && typeof raw[scope] === 'string') this.journal.made(raw[id], raw[scope]);
    }
  }

  /** Whether a query touches a protected or hashed table in a way that seal() rewrites. */
  private mayNeedSealing(cq: CompiledQuery): boolean {
    const node = cq.query as
      | (RootOperationNode & { into?: OperationNode; table?: OperationNode; from?: { froms: OperationNode[] } })
      | undefined;
    if (!node) return false;
    const table = tableName(node.into) ?? tableName(node.table) ?? tableName(node.from?.froms[0]);
    if (!table) return false;
    if (HASHED[table]) return true;
    const spec = PROTECTED[table];
    if (!spec) return false;
    if (InsertQueryNode.is(node)) return true;
    // An update that sets no protected column to a string (clearing a draft, say) seals nothing.
    return (
      UpdateQueryNode.is(node) &&
      (node.updates ?? []).some(
        (u) => spec.columns.has(columnName(u.column)) && ValueNode.is(u.value) && typeof u.value.value === 'string',
      )
    );
  }

  async *streamQuery<R>(cq: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    for await (const chunk of this.inner.streamQuery<R>(await this.seal(cq), chunkSize)) {
      await this.openRows(chunk.rows);
      yield chunk;
    }
  }

  /** Opens, in place, every sealed string value of the rows. */
  private async openRows(rows: unknown[]): Promise<void> {
    for (const row of rows) {
      if (row === null || typeof row !== 'object') continue;
      const r = row as Record<string, unknown>;
      for (const col in r) {
        const v = r[col];
        if (typeof v !== 'string' || !v.startsWith(SEALED_FAMILY)) continue;
        if (v.startsWith(SPLIT_PREFIX)) {
          r[col] = await this.openSplit(v, r);
          continue;
        }
        if (!v.startsWith(SEALED_PREFIX)) continue;
        const id = sealedKeyId(v);
        const key =
          id === undefined ? undefined : (this.keyring.cached(id) ?? (await this.keyring.forRead(this.keys, id)));
        // A string that only looks sealed (no such data key) is left as it is.
        if (!key) continue;
        // A value of another conversation's key in a row of this one was moved there: refused.
        const conv = r['conversation_id'];
        if (typeof conv === 'string' && key.scope.startsWith('c:') && key.scope !== `c:${conv}`) {
          throw new TamperedValueError(key.id);
        }
        r[col] = openValue(key, v);
      }
    }
  }

  /**
   * A split event payload with its text opened. Like a sealed value, it is refused when its
   * text's key belongs to another conversation than the event's (or the row's), and left as it
   * is when it only looks like one (not JSON of an event, no such data key).
   */
  private async openSplit(v: string, r: Record<string, unknown>): Promise<string> {
    const split = parseSplit(v);
    if (!split) return v;
    const id = sealedKeyId(split.text);
    const key = id === undefined ? undefined : (this.keyring.cached(id) ?? (await this.keyring.forRead(this.keys, id)));
    if (!key) return v;
    const conv = r['conversation_id'];
    if (key.scope !== `c:${split.conversationId}` || (typeof conv === 'string' && key.scope !== `c:${conv}`)) {
      throw new TamperedValueError(key.id);
    }
    return split.join(openValue(key, split.text));
  }

  /**
   * An event payload (event-payload.ts): split when only its message's text is content, the
   * text's sealed value taken from the message row this connection just stored when it is the
   * same message, text and key; otherwise the whole JSON is sealed.
   */
  private sealPayload(key: DataKey, p: EventPayload): string {
    // Reused once, for the created event of the message row just stored, and only then.
    const last = this.lastMessage;
    this.lastMessage = undefined;
    const text = splitText(p.body);
    // An empty text (a sealed message) is not split: a split payload always holds a sealed text.
    if (text === undefined || !isSealable(text)) return sealValue(key, JSON.stringify(p.body));
    const m = (p.body as { message: { id: unknown } }).message;
    const reuse =
      last && p.body.type === 'message.created' && last.messageId === m.id && last.text === text && last.key === key;
    return splitPayload(p.body, reuse ? last.sealed : sealValue(key, text));
  }

  /** Seals one parameter; a message's text is remembered for its event. */
  private sealParam(key: DataKey, parameters: unknown[], i: number, plan: ParamPlan): void {
    const v = parameters[i];
    if (v instanceof EventPayload) parameters[i] = this.sealPayload(key, v);
    else if (isSealable(v)) {
      const sealed = sealValue(key, v);
      parameters[i] = sealed;
      if (i === plan.textAt && plan.idAt >= 0) {
        this.lastMessage = { messageId: parameters[plan.idAt], key, text: v, sealed };
      }
    }
  }

  private async seal(cq: CompiledQuery): Promise<CompiledQuery> {
    const params = (cq as CompiledQuery & SealableQuery).seal;
    if (params) return this.sealParameters(cq, params);
    if (!cq.query) return cq;
    const hashed = this.hashLookups(cq.query);
    const node = hashed ?? cq.query;
    let changed: OperationNode | undefined;
    if (InsertQueryNode.is(node)) changed = await this.sealInsert(node);
    else if (UpdateQueryNode.is(node)) changed = await this.sealUpdate(node);
    changed ??= hashed;
    return changed ? this.compiler.compileQuery(changed as typeof node, cq.queryId) : cq;
  }

  /** A query on a table with a hashed lookup column (hashed-columns.ts), rewritten; else undefined. */
  private hashLookups(node: RootOperationNode): RootOperationNode | undefined {
    const n = node as unknown as { into?: OperationNode; table?: OperationNode; from?: { froms: OperationNode[] } };
    const table = tableName(n.into) ?? tableName(n.table) ?? tableName(n.from?.froms[0]);
    const column = table ? HASHED[table] : undefined;
    if (!table || !column) return undefined;
    const t = new HashingTransformer(column, this.hashKeyOf(table, column));
    let out = t.transformNode(node);
    if (InsertQueryNode.is(out) && out.values && ValuesNode.is(out.values)) {
      const at = (out.columns ?? []).findIndex((c) => c.column.name === column);
      if (at >= 0) out = { ...out, values: ValuesNode.create(out.values.values.map((l) => t.hashRow(l, at)) as never) };
    }
    return t.changed ? out : undefined;
  }

  private hashKeyOf(table: string, column: string): Buffer {
    const name = `${table}.${column}`;
    let k = this.hashKeys.get(name);
    if (!k) {
      k = hashKey(this.keyring.master, table, column);
      this.hashKeys.set(name, k);
    }
    return k;
  }

  /**
   * A reused raw insert (param-sealing.ts): its parameters are sealed in place; synchronously
   * when the row's scope needs no query and its newest key is cached (the send path). The inserts
   * of its common table expressions first, in their order (a message before its event).
   */
  private sealParameters(cq: CompiledQuery, sp: SealParams): CompiledQuery | Promise<CompiledQuery> {
    const parameters = cq.parameters.slice();
    const parts = sp.before ? [...sp.before, sp] : [sp];
    for (let i = 0; i < parts.length; i++) {
      const pending = this.sealPart(parameters, parts[i]!);
      if (pending) {
        return (async () => {
          await pending;
          for (const rest of parts.slice(i + 1)) await this.sealPart(parameters, rest);
          return { ...cq, parameters };
        })();
      }
    }
    return { ...cq, parameters };
  }

  /** Seals one insert's parameters in place; a promise only when its key must be looked up. */
  private sealPart(parameters: unknown[], sp: SealParams): Promise<void> | undefined {
    const spec = PROTECTED[sp.table]!;
    const plan = planOf(sp, spec);
    const row: Record<string, unknown> = {};
    for (const [c, i] of plan.scopeFrom) row[c] = parameters[i];
    const scope = spec.scopeOf(row, this.conversationOf);
    const key = typeof scope === 'string' ? this.keyring.cachedNewest(scope) : undefined;
    // A message row stored from here on: whatever was remembered belongs to an earlier one.
    if (sp.table === 'messages') this.lastMessage = undefined;
    if (key) {
      for (const i of plan.sealed) this.sealParam(key, parameters, i, plan);
      return undefined;
    }
    return (async () => {
      const s = await scope;
      const needs = plan.sealed.some((i) => isSealable(parameters[i]) || parameters[i] instanceof EventPayload);
      if (!needs) return;
      const k = this.keyring.cachedNewest(s) ?? (await this.keyring.forWrite(this.keys, s));
      for (const i of plan.sealed) this.sealParam(k, parameters, i, plan);
    })();
  }

  private conversationOf = async (messageId: string): Promise<string> => {
    const r = await this.inner.executeQuery<{ conversation_id: string }>(
      this.q.selectFrom('messages').select('conversation_id').where('id', '=', messageId).compile(),
    );
    const id = r.rows[0]?.conversation_id;
    if (!id) throw new Error(`at rest: no message ${messageId} to take the data key of`);
    return id;
  };

  private async sealString(scope: string, v: unknown): Promise<unknown> {
    if (v instanceof EventPayload) v = JSON.stringify(v.body);
    if (!isSealable(v)) return v;
    return sealValue(this.keyring.cachedNewest(scope) ?? (await this.keyring.forWrite(this.keys, scope)), v);
  }

  private async sealInsert(node: InsertQueryNode): Promise<OperationNode | undefined> {
    const spec = PROTECTED[tableName(node.into) ?? ''];
    if (!spec) return undefined;
    const columns = (node.columns ?? []).map(columnName);
    if (!columns.some((c) => spec.columns.has(c))) return undefined;
    if (!node.values || !ValuesNode.is(node.values)) {
      throw new Error(`at rest: INSERT ... SELECT into ${tableName(node.into)} cannot be sealed`);
    }
    let lastScope: string | undefined;
    const rows: OperationNode[] = [];
    for (const list of node.values.values) {
      const raw: unknown[] = PrimitiveValueListNode.is(list)
        ? [...list.values]
        : list.values.map((v) => (ValueNode.is(v) ? v.value : v));
      const row = Object.fromEntries(columns.map((c, i) => [c, raw[i]]));
      const scope = await spec.scopeOf(row, this.conversationOf);
      lastScope = scope;
      const out: unknown[] = [];
      for (let i = 0; i < columns.length; i++) {
        out.push(spec.columns.has(columns[i]!) ? await this.sealString(scope, raw[i]) : raw[i]);
      }
      rows.push(
        PrimitiveValueListNode.is(list)
          ? PrimitiveValueListNode.create(out)
          : ValueListNode.create(
              out.map((v, i) => (ValueNode.is(list.values[i]!) ? ValueNode.create(v) : list.values[i]!)),
            ),
      );
    }
    let onConflict = node.onConflict;
    if (onConflict?.updates?.length) {
      if (node.values.values.length !== 1) throw new Error('at rest: ON CONFLICT updates of several rows');
      const updates = await this.sealColumnUpdates(spec, onConflict.updates, lastScope!);
      onConflict = { ...onConflict, updates };
    }
    return { ...node, values: ValuesNode.create(rows as never), onConflict } as InsertQueryNode;
  }

  private async sealColumnUpdates(spec: ProtectedTable, updates: UpdateQueryNode['updates'] & object, scope: string) {
    const out = [];
    for (const u of updates) {
      if (spec.columns.has(columnName(u.column)) && ValueNode.is(u.value)) {
        out.push({ ...u, value: ValueNode.create(await this.sealString(scope, u.value.value)) });
      } else out.push(u);
    }
    return out;
  }

  private async sealUpdate(node: UpdateQueryNode): Promise<OperationNode | undefined> {
    const spec = PROTECTED[tableName(node.table) ?? ''];
    if (!spec || !node.updates) return undefined;
    const sealed = node.updates.filter(
      (u) => spec.columns.has(columnName(u.column)) && ValueNode.is(u.value) && typeof u.value.value === 'string',
    );
    if (sealed.length === 0) return undefined;
    // The rows the update will change tell whose data key seals the new values.
    const scopes = new Set<string>();
    if (spec.scopeColumns.length === 0) scopes.add(await spec.scopeOf({}, this.conversationOf));
    else {
      const select: SelectQueryNode = {
        ...SelectQueryNode.cloneWithSelections(
          SelectQueryNode.createFrom([node.table!]),
          spec.scopeColumns.map((c) => SelectionNode.create(ReferenceNode.create(ColumnNode.create(c)))),
        ),
        where: node.where,
        joins: node.joins,
      };
      const rows = await this.inner.executeQuery<Record<string, unknown>>(
        this.compiler.compileQuery(select, { queryId: 'at-rest-scope' } as never),
      );
      for (const r of rows.rows) scopes.add(await spec.scopeOf(r, this.conversationOf));
    }
    if (scopes.size > 1) {
      throw new Error(`at rest: one UPDATE of ${tableName(node.table)} sets content of several conversations or users`);
    }
    // No row matches: nothing is written, so the value goes out as an empty string, not in clear.
    const [scope] = [...scopes];
    const updates =
      scope === undefined
        ? node.updates.map((u) => (sealed.includes(u) ? { ...u, value: ValueNode.create('') } : u))
        : await this.sealColumnUpdates(spec, node.updates, scope);
    return { ...node, updates } as UpdateQueryNode;
  }
}

class SealingDriver implements Driver {
  private readonly wrappers = new WeakMap<DatabaseConnection, SealingConnection>();
  /** Per savepoint name, the journal's mark when it began. */
  private readonly savepoints = new WeakMap<DatabaseConnection, Map<string, number>>();

  constructor(
    private readonly inner: Driver,
    private readonly make: (c: DatabaseConnection) => SealingConnection,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const c = await this.inner.acquireConnection();
    let w = this.wrappers.get(c);
    if (!w) {
      w = this.make(c);
      this.wrappers.set(c, w);
    }
    return w;
  }

  private innerOf(c: DatabaseConnection): DatabaseConnection {
    return c instanceof SealingConnection ? c.inner : c;
  }

  private journalOf(c: DatabaseConnection): KeyJournal | undefined {
    return c instanceof SealingConnection ? c.journal : undefined;
  }

  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.inner.beginTransaction(this.innerOf(c), settings);
    const j = this.journalOf(c);
    if (j) j.inTransaction = true;
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    // If the commit fails, Kysely rolls back: the journal is settled there.
    await this.inner.commitTransaction(this.innerOf(c));
    const j = this.journalOf(c);
    if (j) {
      j.commit();
      j.inTransaction = false;
    }
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(this.innerOf(c));
    } finally {
      const j = this.journalOf(c);
      if (j) {
        j.rollbackTo(0);
        j.inTransaction = false;
      }
    }
  }

  async savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.savepoint) throw new Error('savepoints are not supported by this dialect');
    await this.inner.savepoint(this.innerOf(c), name, compile);
    const j = this.journalOf(c);
    if (j) {
      let marks = this.savepoints.get(c);
      if (!marks) this.savepoints.set(c, (marks = new Map()));
      marks.set(name, j.mark());
    }
  }

  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    if (!this.inner.rollbackToSavepoint) throw new Error('savepoints are not supported by this dialect');
    await this.inner.rollbackToSavepoint(this.innerOf(c), name, compile);
    const mark = this.savepoints.get(c)?.get(name);
    if (mark !== undefined) this.journalOf(c)?.rollbackTo(mark);
  }

  async releaseSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    if (!this.inner.releaseSavepoint) throw new Error('savepoints are not supported by this dialect');
    await this.inner.releaseSavepoint(this.innerOf(c), name, compile);
    this.savepoints.get(c)?.delete(name);
  }

  releaseConnection(c: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(this.innerOf(c));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/**
 * `inner` with the protected columns sealed under data keys from `keyring`. `journal`: one
 * KeyJournal for every connection, when the caller runs BEGIN / COMMIT itself and reports how
 * its transactions end (SqliteStorage's writer); otherwise each connection has its own, settled
 * by the driver's transaction calls.
 */
export function sealingDialect(inner: Dialect, keyring: Keyring, journal?: KeyJournal): Dialect {
  const q = compilerFor(inner);
  const compiler = inner.createQueryCompiler();
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () =>
      new SealingDriver(
        inner.createDriver(),
        (c) => new SealingConnection(c, keyring, q, compiler, journal ?? new KeyJournal(keyring)),
      ),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}
