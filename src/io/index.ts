/** The flow file: read (parseFlow), write (serializeFlow), versions (migrations), guardrails (limits). */
export { parseFlow, formatFileError, type FileError, type ParseResult } from './parse';
export { serializeFlow, toFileObject } from './serialize';
export { CURRENT_VERSION, MIGRATIONS, migrate, newerVersionMessage, type Migration } from './migrations';
export { schemaFor, SCHEMA_VERSIONS } from './schema';
export * from './limits';
