import type { IdTokens } from '../../harness/config.js';
import type { Payload } from '../../ocpp/frames.js';
import type { OcppVersion } from '../../ocpp/versions.js';
import { defineFault, type Faults } from '../faults.js';

/**
 * The reference CSMS's token database (C01, C09, C16): which tokens it knows, with their status and group. It is
 * filled from the SUT profile's idTokens, the same tokens a real CSMS's operator configures for a run: valid and
 * valid2 Accepted in one group, blocked Blocked, expired Expired, the master pass Accepted in the master pass group.
 * A token it does not know is Unknown (1.6: Invalid, which has no Unknown).
 */

export const AF = {
  acceptsUnknown: defineFault('csms.accepts-unknown-token', 'answers Accepted for an ID token it does not know'),
  acceptsBlocked: defineFault('csms.accepts-blocked-token', 'answers Accepted for an ID token it holds as Blocked'),
  acceptsExpired: defineFault('csms.accepts-expired-token', 'answers Accepted for an ID token it holds as Expired'),
  noGroupId: defineFault('csms.no-group-id', 'leaves the group (2.0.1 groupIdToken, 1.6 parentIdTag) out of its token answers'),
  masterPassNoGroup: defineFault('csms.master-pass-no-group', 'answers the master pass token without its MasterPassGroupId'),
};

export interface TokenRecord {
  status: string;
  group?: string;
}

export class TokenDatabase {
  private readonly tokens = new Map<string, TokenRecord>();

  /** Without tokens the database accepts every token (the stand-alone reference CSMS, a simulator's partner). */
  constructor(private readonly version: OcppVersion, private readonly faults: Faults, idTokens?: IdTokens) {
    this.open = !idTokens;
    if (!idTokens) return;
    const masterPassGroup = idTokens.masterPassGroupId;
    this.tokens.set(idTokens.valid, { status: 'Accepted', group: idTokens.groupId });
    this.tokens.set(idTokens.valid2, { status: 'Accepted', group: idTokens.groupId });
    this.tokens.set(idTokens.blocked, { status: 'Blocked' });
    this.tokens.set(idTokens.expired, { status: 'Expired' });
    // idTokens.invalid is deliberately unknown: no operator registers the token the tests call invalid.
    this.tokens.set(idTokens.masterPass, { status: 'Accepted', group: masterPassGroup });
    this.masterPassGroup = masterPassGroup;
  }

  private readonly open: boolean;
  private readonly masterPassGroup?: string;

  /** What the CSMS knows about a token, after the faults bend it. */
  lookup(token: unknown): TokenRecord {
    const known = this.tokens.get(String(token));
    if (!known) {
      if (this.open || this.faults.has(AF.acceptsUnknown)) return { status: 'Accepted' };
      return { status: this.version === '1.6' ? 'Invalid' : 'Unknown' };
    }
    if (known.status === 'Blocked' && this.faults.has(AF.acceptsBlocked)) return { status: 'Accepted' };
    if (known.status === 'Expired' && this.faults.has(AF.acceptsExpired)) return { status: 'Accepted' };
    if (this.faults.has(AF.noGroupId)) return { status: known.status };
    if (known.group !== undefined && known.group === this.masterPassGroup && this.faults.has(AF.masterPassNoGroup)) return { status: known.status };
    return known;
  }

  /** 2.0.1 IdTokenInfoType of a token. */
  info201(token: unknown): Payload {
    const r = this.lookup(token);
    return r.group === undefined ? { status: r.status } : { status: r.status, groupIdToken: { idToken: r.group, type: 'Central' } };
  }

  /** 1.6 IdTagInfo of a token. */
  info16(token: unknown): Payload {
    const r = this.lookup(token);
    return r.group === undefined ? { status: r.status } : { status: r.status, parentIdTag: r.group };
  }

  /** The token info of the CSMS's version. */
  info(token: unknown): Payload {
    return this.version === '1.6' ? this.info16(token) : this.info201(token);
  }
}
