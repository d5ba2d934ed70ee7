/** Types of buildWalkWasm.mjs, for the test that checks the committed bytes (walkWasm.test.ts). */
export declare const WALK_SOURCE: string;
export declare const WALK_BYTES_FILE: string;
export declare const ASC_OPTIONS: string[];
export declare function compileWalkWasm(): Promise<Uint8Array>;
export declare function bytesModule(bytes: Uint8Array): string;
