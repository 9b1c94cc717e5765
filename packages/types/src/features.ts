import { SchemaMismatchError } from "./errors.js";

/** A scalar column: the Hub's `Value(dtype)`. dtype is the Arrow name (`string`, `int64`, `float32`, `bool`, …). */
export interface ValueFeature {
  kind: "value";
  dtype: string;
}

/** An integer column whose values index `names`: the Hub's `ClassLabel`. */
export interface ClassLabelFeature {
  kind: "class_label";
  names: string[];
}

/** A list column: the Hub's `List`, `LargeList` and `Sequence`. `length` is -1 when variable. */
export interface ListFeature {
  kind: "list";
  feature: Feature;
  length: number;
}

/** A struct column: named sub-features. */
export interface StructFeature {
  kind: "struct";
  fields: Record<string, Feature>;
}

/** An image column, stored as `{ bytes, path }`. */
export interface ImageFeature {
  kind: "image";
}

/** A feature type this package does not model (Audio, Translation, …); `type` is the Hub's `_type`. */
export interface UnknownFeature {
  kind: "unknown";
  type: string;
  spec: unknown;
}

/** One column's type in the Hub's schema vocabulary. */
export type Feature = ValueFeature | ClassLabelFeature | ListFeature | StructFeature | ImageFeature | UnknownFeature;

/** A dataset's columns, in order. */
export type Features = Record<string, Feature>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parses one feature in the JSON form the Hub stores in Parquet `huggingface` metadata and `dataset_infos.json`
 * (`{"dtype": "string", "_type": "Value"}`, `{"names": [...], "_type": "ClassLabel"}`, `{"feature": …, "_type": "List"}`,
 * a plain object for a struct, a one-element array for a legacy list).
 */
export function featureFromHfJson(spec: unknown): Feature {
  if (Array.isArray(spec)) {
    if (spec.length !== 1) throw new SchemaMismatchError(`A list feature must have exactly one element type, got ${spec.length}`);
    return { kind: "list", feature: featureFromHfJson(spec[0]), length: -1 };
  }
  if (!isRecord(spec)) throw new SchemaMismatchError(`Feature spec must be an object, got ${JSON.stringify(spec)}`);
  const type = spec._type;
  if (type === undefined) {
    const fields: Record<string, Feature> = {};
    for (const [name, sub] of Object.entries(spec)) fields[name] = featureFromHfJson(sub);
    return { kind: "struct", fields };
  }
  switch (type) {
    case "Value":
      return { kind: "value", dtype: String(spec.dtype) };
    case "ClassLabel":
      return { kind: "class_label", names: Array.isArray(spec.names) ? spec.names.map(String) : [] };
    case "List":
    case "LargeList":
    case "Sequence": {
      const length = typeof spec.length === "number" ? spec.length : -1;
      return { kind: "list", feature: featureFromHfJson(spec.feature), length };
    }
    case "Image":
      return { kind: "image" };
    default:
      return { kind: "unknown", type: String(type), spec };
  }
}

/** Parses a whole features object in the Hub's JSON form. */
export function featuresFromHfJson(spec: unknown): Features {
  if (!isRecord(spec)) throw new SchemaMismatchError("Features must be an object of column name → feature");
  const out: Features = {};
  for (const [name, sub] of Object.entries(spec)) out[name] = featureFromHfJson(sub);
  return out;
}

/**
 * Reads the features from a Parquet file's `huggingface` key-value metadata (a JSON string written by
 * Python `datasets`: `{"info": {"features": {...}}}`).
 * @returns The features, or `undefined` when the metadata has none.
 */
export function featuresFromParquetMetadata(huggingfaceMetadata: string): Features | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(huggingfaceMetadata);
  } catch (cause) {
    throw new SchemaMismatchError("The Parquet `huggingface` metadata is not valid JSON", { cause });
  }
  const features = isRecord(parsed) && isRecord(parsed.info) ? parsed.info.features : undefined;
  return features === undefined ? undefined : featuresFromHfJson(features);
}

function classLabelNames(spec: unknown): string[] {
  // README YAML: class_label: { names: { '0': A, '1': B } } (a map) or a list.
  const names = isRecord(spec) ? spec.names : undefined;
  if (Array.isArray(names)) return names.map(String);
  if (isRecord(names)) {
    return Object.entries(names)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => String(v));
  }
  return [];
}

function yamlDtype(dtype: unknown): Feature {
  if (typeof dtype === "string") return dtype === "image" ? { kind: "image" } : { kind: "value", dtype };
  if (isRecord(dtype) && "class_label" in dtype) return { kind: "class_label", names: classLabelNames(dtype.class_label) };
  return yamlFeature(dtype);
}

/** Parses one feature body in README `dataset_info` YAML form (already parsed into objects). */
function yamlFeature(body: unknown): Feature {
  if (Array.isArray(body)) return { kind: "struct", fields: featuresFromDatasetInfo(body) };
  if (typeof body === "string") return yamlDtype(body);
  if (!isRecord(body)) throw new SchemaMismatchError(`Unrecognised dataset_info feature: ${JSON.stringify(body)}`);
  if ("dtype" in body) return yamlDtype(body.dtype);
  if ("class_label" in body) return { kind: "class_label", names: classLabelNames(body.class_label) };
  if ("list" in body) return { kind: "list", feature: yamlFeature(body.list), length: typeof body.length === "number" ? body.length : -1 };
  if ("large_list" in body) return { kind: "list", feature: yamlFeature(body.large_list), length: -1 };
  if ("sequence" in body) {
    return { kind: "list", feature: yamlFeature(body.sequence), length: typeof body.length === "number" ? body.length : -1 };
  }
  if ("struct" in body) return yamlFeature(body.struct);
  if ("_type" in body) return featureFromHfJson(body);
  return { kind: "unknown", type: Object.keys(body).join(","), spec: body };
}

/**
 * Parses README `dataset_info.features` (the YAML list `- name: question\n  dtype: string`, with `class_label`,
 * `sequence`, `list`, `struct` and `image` forms), already parsed from YAML into plain objects.
 */
export function featuresFromDatasetInfo(list: unknown): Features {
  if (!Array.isArray(list)) throw new SchemaMismatchError("dataset_info.features must be a list of { name, dtype | … }");
  const out: Features = {};
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry.name !== "string") {
      throw new SchemaMismatchError(`dataset_info feature without a name: ${JSON.stringify(entry)}`);
    }
    const { name, ...body } = entry;
    out[name] = yamlFeature(body);
  }
  return out;
}

/**
 * Maps a ClassLabel integer to its name.
 * @throws SchemaMismatchError when the index is out of range.
 */
export function classLabelName(feature: ClassLabelFeature, index: number): string {
  const name = feature.names[index];
  if (name === undefined) {
    throw new SchemaMismatchError(`ClassLabel index ${index} is out of range (${feature.names.length} names)`);
  }
  return name;
}

/**
 * Maps a ClassLabel name back to its integer.
 * @returns The index, or -1 when the name is unknown.
 */
export function classLabelIndex(feature: ClassLabelFeature, name: string): number {
  return feature.names.indexOf(name);
}

/** A short human-readable type string, e.g. `list<struct<role: string, content: string>>`. */
export function describeFeature(feature: Feature): string {
  switch (feature.kind) {
    case "value":
      return feature.dtype;
    case "class_label":
      return `class_label[${feature.names.length}]`;
    case "list":
      return `list<${describeFeature(feature.feature)}>`;
    case "struct":
      return `struct<${Object.entries(feature.fields)
        .map(([k, v]) => `${k}: ${describeFeature(v)}`)
        .join(", ")}>`;
    case "image":
      return "image";
    case "unknown":
      return feature.type;
  }
}
