/** Types of build-bundle.mjs, for the TypeScript that imports it (the bench). */
export declare const projectRoot: string;
export declare const labEntry: string;
export declare const labBundle: string;
export declare function buildBundle(entry?: string, outfile?: string, external?: readonly string[]): Promise<string>;
