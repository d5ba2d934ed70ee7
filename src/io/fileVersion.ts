/**
 * The flow file's version this Creditflow writes and reads without migrating. Its own module so the
 * first download (the serializer, the plain reader, the store) has the number without the
 * migrations' code (io/migrations.ts), which only the file reader with the schema runs (io/parse.ts).
 */
export const CURRENT_VERSION = 3;
