// Columns that are lookup keys made of message content (the link preview cache is keyed by the
// URL found in a message): stored as a keyed HMAC instead, so equality lookups still work. The
// sealing dialect rewrites the column's values in inserts and in `=` / `in (...)` comparisons of
// queries on the table. The HMAC key is derived from the master key: after a master key
// rotation the old rows simply stop matching (the table is a cache that expires).
import { createHmac, hkdfSync } from 'node:crypto';
import type { BinaryOperationNode } from 'kysely';
import {
  ColumnNode,
  OperationNodeTransformer,
  PrimitiveValueListNode,
  ReferenceNode,
  ValueListNode,
  ValueNode,
  type OperationNode,
} from 'kysely';
import type { MasterKey } from './master-key.js';

/** table -> hashed column. */
export const HASHED: Readonly<Record<string, string>> = {
  link_previews: 'url',
  // The sha256 of an upload (dedup of a user's repeated uploads) would confirm a known file.
  media: 'source_hash',
};

export function hashKey(master: MasterKey, table: string, column: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', master.key, Buffer.alloc(0), `anytime at-rest lookup v1|${table}.${column}`, 32),
  );
}

export function hashValue(key: Buffer, value: string): string {
  return `h1.${createHmac('sha256', key).update(value).digest('base64url')}`;
}

const isColumn = (node: OperationNode, name: string): boolean =>
  (ColumnNode.is(node) && node.column.name === name) ||
  (ReferenceNode.is(node) && ColumnNode.is(node.column) && node.column.column.name === name);

/** Rewrites the hashed column's literal values in one query on its table. */
export class HashingTransformer extends OperationNodeTransformer {
  /** Whether any value was rewritten. */
  changed = false;

  constructor(
    private readonly column: string,
    private readonly key: Buffer,
  ) {
    super();
  }

  private hash(v: unknown): unknown {
    if (typeof v !== 'string') return v;
    this.changed = true;
    return hashValue(this.key, v);
  }

  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const out = super.transformBinaryOperation(node);
    if (!isColumn(out.leftOperand, this.column)) return out;
    const right = out.rightOperand;
    if (ValueNode.is(right)) return { ...out, rightOperand: ValueNode.create(this.hash(right.value)) };
    if (PrimitiveValueListNode.is(right)) {
      return { ...out, rightOperand: PrimitiveValueListNode.create(right.values.map((v) => this.hash(v))) };
    }
    if (ValueListNode.is(right)) {
      return {
        ...out,
        rightOperand: ValueListNode.create(
          right.values.map((v) => (ValueNode.is(v) ? ValueNode.create(this.hash(v.value)) : v)),
        ),
      };
    }
    return out;
  }

  /** Hashes the column's values in an insert's rows (column index `at`). */
  hashRow(list: OperationNode, at: number): OperationNode {
    if (PrimitiveValueListNode.is(list)) {
      return PrimitiveValueListNode.create(list.values.map((v, i) => (i === at ? this.hash(v) : v)));
    }
    if (ValueListNode.is(list)) {
      return ValueListNode.create(
        list.values.map((v, i) => (i === at && ValueNode.is(v) ? ValueNode.create(this.hash(v.value)) : v)),
      );
    }
    return list;
  }
}
