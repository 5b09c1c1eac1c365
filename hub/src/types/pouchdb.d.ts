/**
 * Minimal typings for the parts of PouchDB the hub uses.
 * (@types/pouchdb redeclares Node's Buffer and breaks type checks, so it is not installed.)
 */
declare module 'pouchdb' {
  namespace PouchDB {
    interface Doc {
      _id: string;
      _rev?: string;
      _deleted?: boolean;
      [key: string]: unknown;
    }
    interface BulkResult {
      ok?: boolean;
      id?: string;
      rev?: string;
      error?: string | boolean;
      reason?: string;
      message?: string;
      status?: number;
      name?: string;
    }
    interface ReplicationResult {
      ok: boolean;
      docs_read: number;
      docs_written: number;
      doc_write_failures: number;
      errors: unknown[];
      status: string;
    }
    interface ChangesResult {
      results: Array<{ id: string; seq: number | string; doc?: Doc; deleted?: boolean }>;
      last_seq: number | string;
    }
    interface Replication extends PromiseLike<ReplicationResult> {
      on(event: 'denied', listener: (error: unknown) => void): this;
      on(event: 'error', listener: (error: unknown) => void): this;
      on(event: 'complete', listener: (info: ReplicationResult) => void): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
      cancel(): void;
    }
    interface Database {
      readonly name: string;
      put(doc: Doc): Promise<{ ok: boolean; id: string; rev: string }>;
      get(id: string, options?: Record<string, unknown>): Promise<Doc>;
      bulkDocs(docs: Doc[], options?: Record<string, unknown>): Promise<BulkResult[]>;
      allDocs(options?: Record<string, unknown>): Promise<{
        total_rows: number;
        rows: Array<{ id: string; key: string; value: { rev: string }; doc?: Doc }>;
      }>;
      info(): Promise<{ db_name: string; doc_count: number; update_seq: number | string }>;
      changes(options?: Record<string, unknown>): Promise<ChangesResult>;
      revsDiff(diff: Record<string, string[]>): Promise<Record<string, { missing: string[] }>>;
      bulkGet(options: Record<string, unknown>): Promise<{ results: Array<{ id: string; docs: unknown[] }> }>;
      replicate: {
        to(target: string | Database, options?: Record<string, unknown>): Replication;
        from(source: string | Database, options?: Record<string, unknown>): Replication;
      };
      close(): Promise<void>;
      destroy(): Promise<void>;
    }
    interface Static {
      new (name: string, options?: Record<string, unknown>): Database;
      defaults(options: Record<string, unknown>): Static;
      plugin(plugin: unknown): Static;
      on(event: string, listener: (...args: unknown[]) => void): Static;
      removeListener(event: string, listener: (...args: unknown[]) => void): Static;
    }
  }
  const PouchDB: PouchDB.Static;
  export default PouchDB;
}
