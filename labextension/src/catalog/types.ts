/** The `velostream.catalog` comm's payloads (kernel spec §6.1), as the panel reads them. */

export interface CatalogColumn {
  name: string;
  type: string;
  nullable: boolean;
  /** `key` for the record key field, else `value`. */
  role: string;
}

export interface CatalogSource {
  name: string;
  kind: string;
  bounded: boolean | null;
  binding: string;
  topic?: string;
  path?: string;
  columns: CatalogColumn[];
  key_field?: string;
  event_time?: string;
}

export interface CatalogJob {
  name: string;
  status: string;
  cell_id: string | null;
  display_id: string;
  statement: string;
  started_at: string;
  records_in: number;
  records_out: number;
  /** Records read per second since the job started. */
  rate: number;
  error: string | null;
}

export interface CatalogConnection {
  uri: string;
  kind: string;
  status: string;
  error?: string | null;
}

export interface CatalogMetric {
  name: string;
  type: string;
  help: string;
  job: string;
  series: { labels: Record<string, string>; value: number }[];
}

export interface CatalogParam {
  name: string;
  type: string;
  value: string;
}

export interface Catalog {
  connections: CatalogConnection[];
  sources: CatalogSource[];
  jobs: CatalogJob[];
  metrics: CatalogMetric[];
  params: CatalogParam[];
  settings: Record<string, unknown>;
}

export interface Described {
  name: string;
  columns: CatalogColumn[];
  sample_rows: Record<string, unknown>[];
}
