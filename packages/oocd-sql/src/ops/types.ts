/** Which cluster the operational commands look at, and as whom. */
export interface NodesTarget {
  /** The OOCD URL with the host list in priority order, e.g. `mariadb://db1:3306,db2:3306/OOCD`. */
  url: string;
  /**
   * A login allowed to read replication status (MariaDB: REPLICATION CLIENT / SLAVE MONITOR;
   * for the purge also BINLOG ADMIN or SUPER, as the seed's `binarylog_user`). Defaults to the
   * URL's user.
   */
  user?: string;
  password?: string;
  /** Seconds to wait for each node. Default 5. */
  connectTimeout?: number;
  /**
   * `host:port` new connections of a running service go to (its pool's `stats().currentHost`).
   * Without it, "primary for us" is the first reachable node in priority order — where a new
   * connection would go now.
   */
  currentHost?: string;
}

/** One replication channel of a node, as `SHOW ALL SLAVES STATUS` reports it. */
export interface ReplicationStatus {
  /** Channel name ('' for the default one). */
  connectionName: string;
  /** The node it copies from. */
  masterHost: string;
  masterPort: number;
  masterServerId: number;
  /** IO thread: `Yes`, `No` or `Connecting`. */
  ioThread: string;
  /** SQL thread: `Yes` or `No`. */
  sqlThread: string;
  /** Lag; null when the SQL thread does not run. */
  secondsBehindMaster: number | null;
  lastIoError: string;
  lastSqlError: string;
  /** The master's binary log the IO thread reads (everything before it has been copied). */
  masterLogFile: string;
  /** The master's binary log of the last applied event (everything before it has been applied). */
  relayMasterLogFile: string;
  /** GTID position received, e.g. `1-1-42`. */
  gtidIoPos: string;
}

/** What an operator wants to know about one node. */
export interface NodeStatus {
  /** `host:port`. */
  host: string;
  /** 1 = primary in the URL's priority order. */
  priority: number;
  reachable: boolean;
  /** Why it is not reachable (error code and message; never credentials). */
  error?: string;
  /** New connections go to this node now. */
  primaryForUs: boolean;
  version?: string;
  serverId?: number;
  readOnly?: boolean;
  /** MariaDB: the replication channels of this node (empty: it replicates from nobody). */
  replication: ReplicationStatus[];
  /** MariaDB: semi-synchronous replication as master/slave is active now. */
  semiSync?: { master: boolean; slave: boolean };
  /** MariaDB: binary logs kept on this node. */
  binaryLogs?: { count: number; bytes: number; first?: string; last?: string };
  /** PostgreSQL: a standby (in recovery) rather than a writable server. */
  standby?: boolean;
}
