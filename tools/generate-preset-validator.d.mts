/** Path of thresholds/schema.json. */
export const SCHEMA_FILE: string;
/** Path of lib/k6/preset-validator.generated.ts. */
export const GENERATED_FILE: string;
/** The ajv options the validators are compiled with. */
export const AJV_OPTIONS: { allErrors: boolean; strict: boolean; allowUnionTypes: boolean; verbose: boolean };
/** Annotation keywords of schema.json. */
export const ANNOTATIONS: string[];
/** The source of the generated validator module for `schema` (default: thresholds/schema.json). */
export function presetValidatorSource(schema?: unknown): string;
