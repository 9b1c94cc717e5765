import { parquetSchema, type FileMetaData, type SchemaTree } from "hyparquet";
import { getMaxDefinitionLevel, getMaxRepetitionLevel } from "hyparquet/src/schema.js";

/** How a leaf column's values become record values (see {@link planRecords} for the supported types). @internal */
export const LeafKind = {
  /** BYTE_ARRAY annotated STRING/UTF8: a string. */
  String: 0,
  /** BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY without annotation: a Uint8Array. */
  Bytes: 1,
  /** INT32 (plain or INT_8/16/32): an int32 number. */
  Int32: 2,
  /** INT64 (plain or INT_64): a number when safe, else a bigint. */
  Int64: 3,
  /** FLOAT or DOUBLE: a number. */
  Float: 4,
  /** BOOLEAN. */
  Bool: 5,
} as const;
/** @internal */
export type LeafKind = (typeof LeafKind)[keyof typeof LeafKind];

/** One leaf (physical) column a record plan reads. @internal */
export interface LeafPlan {
  /** `path_in_schema` joined with dots (for messages). */
  path: string;
  /** `path_in_schema` as JSON: matches the column chunk. */
  key: string;
  /** Schema elements from the root to the leaf. */
  schemaPath: SchemaTree[];
  kind: LeafKind;
  /** Physical type, for hyparquet's plain decoder. */
  type: NonNullable<SchemaTree["element"]["type"]>;
  typeLength: number | undefined;
  maxDef: number;
  maxRep: number;
}

/** A node of the record tree: how a value is assembled from the levels of the leaves below it. @internal */
export type PlanNode = LeafNode | StructNode | ListNode;

interface NodeBase {
  /** Definition level of this node (non-REQUIRED nodes from the top-level column down to it, itself included). */
  def: number;
  optional: boolean;
  /** Leaves below this node: indices [from, to) of {@link RecordPlan.leaves}. */
  from: number;
  to: number;
}

/** @internal */
export interface LeafNode extends NodeBase {
  type: "leaf";
  kind: LeafKind;
}

/** A struct (plain group), written as an object. @internal */
export interface StructNode extends NodeBase {
  type: "struct";
  /** Fields in the order JavaScript enumerates the object's keys, each key pre-encoded (u32 length + UTF-8). */
  fields: Array<{ key: Uint8Array; node: PlanNode }>;
  /** `binaryBound` of the object without its values: 5 + Σ (4 + 3 × key length). */
  bound: number;
}

/** A LIST-annotated group (three-level form), written as an array. @internal */
export interface ListNode extends NodeBase {
  type: "list";
  /** Repetition level of the repeated group: an entry with this level starts the next element. */
  rep: number;
  element: PlanNode;
}

/** How to write the records of a Parquet file's rows straight from its pages. @internal */
export interface RecordPlan {
  /** The row object: the output columns as fields. */
  row: StructNode;
  /** Top-level column name of each output field, in output field order. */
  columns: string[];
  /** Schema node of each output column, in output field order. */
  tops: SchemaTree[];
  /** Whether each output column has an int64 leaf, in output field order. */
  int64: boolean[];
  leaves: LeafPlan[];
}

/** Deeper containers than this make `binaryBound` refuse the row (it stops at 64 levels). */
const MAX_CONTAINER_DEPTH = 60;

class Unsupported extends Error {}

function leafKind(el: SchemaTree["element"]): LeafKind {
  const ctype = el.converted_type;
  const ltype = el.logical_type;
  switch (el.type) {
    case "BOOLEAN":
      if (ctype === undefined && ltype === undefined) return LeafKind.Bool;
      break;
    case "INT32":
      if (
        (ctype === undefined || ctype === "INT_8" || ctype === "INT_16" || ctype === "INT_32") &&
        (ltype === undefined || (ltype.type === "INTEGER" && ltype.isSigned))
      )
        return LeafKind.Int32;
      break;
    case "INT64":
      if (
        (ctype === undefined || ctype === "INT_64") &&
        (ltype === undefined || (ltype.type === "INTEGER" && ltype.isSigned && ltype.bitWidth === 64))
      )
        return LeafKind.Int64;
      break;
    case "FLOAT":
    case "DOUBLE":
      if (ctype === undefined && ltype === undefined) return LeafKind.Float;
      break;
    case "BYTE_ARRAY":
      if (ctype === undefined && ltype === undefined) return LeafKind.Bytes;
      if ((ctype === undefined || ctype === "UTF8") && (ltype === undefined || ltype.type === "STRING")) return LeafKind.String;
      break;
    case "FIXED_LEN_BYTE_ARRAY":
      if (ctype === undefined && ltype === undefined && el.type_length) return LeafKind.Bytes;
      break;
    default:
      break;
  }
  throw new Unsupported(`column type ${el.type ?? "?"}${ctype ? ` (${ctype})` : ""}${ltype ? ` (${ltype.type})` : ""}`);
}

function hasInt64Leaf(node: SchemaTree): boolean {
  return node.children.length === 0 ? node.element.type === "INT64" : node.children.some(hasInt64Leaf);
}

/** Pre-encodes an object key: u32 UTF-8 byte length then the bytes. */
function encodeKey(name: string): Uint8Array {
  const bytes = Buffer.from(name, "utf8");
  const key = Buffer.allocUnsafe(4 + bytes.length);
  key.writeUInt32LE(bytes.length, 0);
  bytes.copy(key, 4);
  return new Uint8Array(key);
}

/** Field order as a JavaScript object built by assigning `names` in turn enumerates them (integer keys first). */
function keyOrder(names: string[]): string[] {
  const probe: Record<string, true> = {};
  for (const n of names) {
    if (n === "__proto__") throw new Unsupported("a field named __proto__");
    if (probe[n]) throw new Unsupported(`two fields named ${n}`);
    probe[n] = true;
  }
  return Object.keys(probe);
}

class Builder {
  readonly leaves: LeafPlan[] = [];

  node(tree: SchemaTree, parentDef: number, depth: number): PlanNode {
    const el = tree.element;
    if (el.repetition_type === "REPEATED") throw new Unsupported(`repeated field ${tree.path.join(".")} outside a LIST`);
    const optional = el.repetition_type !== "REQUIRED";
    const def = parentDef + (optional ? 1 : 0);
    const from = this.leaves.length;
    if (tree.children.length === 0) {
      const kind = leafKind(el);
      const schemaPath = this.schemaPath(tree);
      this.leaves.push({
        path: tree.path.join("."),
        key: JSON.stringify(tree.path),
        schemaPath,
        kind,
        type: el.type as LeafPlan["type"],
        typeLength: el.type_length,
        maxDef: getMaxDefinitionLevel(schemaPath),
        maxRep: getMaxRepetitionLevel(schemaPath),
      });
      return { type: "leaf", kind, def, optional, from, to: from + 1 };
    }
    if (depth >= MAX_CONTAINER_DEPTH) throw new Unsupported("nesting deeper than 60 levels");
    if (el.converted_type === "LIST") {
      const repeated = tree.children[0] as SchemaTree;
      if (
        tree.children.length !== 1 ||
        (el.logical_type !== undefined && el.logical_type.type !== "LIST") ||
        repeated.element.repetition_type !== "REPEATED" ||
        repeated.children.length !== 1
      )
        throw new Unsupported(`LIST ${tree.path.join(".")} not in the three-level form`);
      const element = this.node(repeated.children[0] as SchemaTree, def + 1, depth + 1);
      const rep = getMaxRepetitionLevel(this.schemaPath(repeated));
      return { type: "list", def, optional, from, to: this.leaves.length, rep, element };
    }
    if (el.converted_type !== undefined || el.logical_type !== undefined) {
      throw new Unsupported(`group ${tree.path.join(".")} annotated ${el.converted_type ?? el.logical_type?.type}`);
    }
    return this.struct(tree.children, def, optional, from, depth);
  }

  struct(children: SchemaTree[], def: number, optional: boolean, from: number, depth: number): StructNode {
    const built = new Map<string, PlanNode>();
    for (const child of children) built.set(child.element.name, this.node(child, def, depth + 1));
    const order = keyOrder(children.map((c) => c.element.name));
    let bound = 5;
    const fields = order.map((name) => {
      bound += 4 + 3 * name.length;
      return { key: encodeKey(name), node: built.get(name) as PlanNode };
    });
    return { type: "struct", def, optional, from, to: this.leaves.length, fields, bound };
  }

  private root: SchemaTree | undefined;

  setRoot(root: SchemaTree): void {
    this.root = root;
  }

  private schemaPath(tree: SchemaTree): SchemaTree[] {
    const out: SchemaTree[] = [this.root as SchemaTree];
    let node = this.root as SchemaTree;
    for (const name of tree.path) {
      node = node.children.find((c) => c.element.name === name) as SchemaTree;
      out.push(node);
    }
    return out;
  }
}

/**
 * Plans writing rows of a Parquet file straight from its pages as binary row-store records, the same bytes as
 * `readParquet` then `RecordChunkEncoder.push` give. Supported: top-level columns and struct fields of BOOLEAN,
 * INT32 (plain, INT_8/16/32), INT64 (plain, INT_64), FLOAT, DOUBLE, BYTE_ARRAY (strings, or bytes without
 * annotation) and FIXED_LEN_BYTE_ARRAY without annotation; structs (plain groups); three-level LISTs of any of
 * these; REQUIRED or OPTIONAL at every level.
 * @param columns - Output columns as `readParquet`'s `columns` option (default: every column in file order).
 * @returns The plan, or why these rows must take the `readParquet` path (dates, decimals, maps, unsigned or
 *   annotated types, legacy list forms, unknown columns, …).
 * @internal
 */
export function planRecords(metadata: FileMetaData, columns?: string[]): RecordPlan | string {
  try {
    const schema = parquetSchema(metadata);
    const byName = new Map(schema.children.map((node) => [node.element.name, node]));
    const names = columns ? [...new Set(columns)] : [...byName.keys()];
    const nodes = names.map((n) => {
      const node = byName.get(n);
      if (node === undefined) throw new Unsupported(`no column ${n}`);
      return node;
    });
    const builder = new Builder();
    builder.setRoot(schema);
    const row = builder.struct(nodes, 0, false, 0, 0);
    if (row.fields.length !== names.length) throw new Unsupported("duplicate column names");
    const order = keyOrder(names);
    const tops = order.map((n) => byName.get(n) as SchemaTree);
    return { row, columns: order, tops, int64: tops.map(hasInt64Leaf), leaves: builder.leaves };
  } catch (e) {
    if (e instanceof Unsupported) return e.message;
    return `schema: ${e instanceof Error ? e.message : String(e)}`;
  }
}
