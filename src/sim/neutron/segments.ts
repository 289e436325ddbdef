/** ML2 type drivers flat and vlan: validate a provider segment, reserve it, release it (`neutron.networksegments`, `neutron.ml2_*_allocations`). */
import type { Ctx } from '../core/types.ts';
import { ML2 } from './common.ts';
import { conflict, invalidAttr, invalidInput, noNetworkAvailable } from './messages.ts';

/** A network's segment as the provider extension shows it. */
export interface Segment {
  network_type: string;
  physical_network: string | null;
  segmentation_id: number | null;
}

/** The provider:* attributes of a create body turned into a checked segment (TypeManager._process_provider_create). */
export function segmentFromRequest(b: Record<string, any>): Segment {
  const type = b['provider:network_type'];
  const physnet = b['provider:physical_network'] ?? null;
  const rawSeg = b['provider:segmentation_id'];
  if (type === undefined || type === null || type === '') {
    if (physnet !== null || (rawSeg !== undefined && rawSeg !== null)) throw invalidInput('network_type required');
    // tenant_network_types is empty in option 1: a plain network has nothing to live on.
    throw noNetworkAvailable();
  }
  if (!ML2.typeDrivers.includes(type)) throw invalidInput(`network_type value '${type}' not supported`);
  let seg: number | null = null;
  if (rawSeg !== undefined && rawSeg !== null) {
    seg = typeof rawSeg === 'string' && /^\d+$/.test(rawSeg) ? Number(rawSeg) : rawSeg;
    if (typeof seg !== 'number' || !Number.isInteger(seg)) {
      throw invalidAttr('provider:segmentation_id', `'${rawSeg}' is not an integer`);
    }
  }
  if (type === 'flat') {
    if (!physnet) throw invalidInput('physical_network required for flat provider network');
    if (!ML2.flatNetworks.includes(physnet)) throw invalidInput(`physical_network '${physnet}' unknown for flat provider network`);
    if (seg !== null) throw invalidInput('segmentation_id prohibited for flat provider network');
    return { network_type: 'flat', physical_network: physnet, segmentation_id: null };
  }
  if (physnet) {
    if (!ML2.vlanPhysnets.includes(physnet)) throw invalidInput(`physical_network '${physnet}' unknown for VLAN provider network`);
    if (seg !== null && (seg < 1 || seg > 4094)) throw invalidInput('segmentation_id out of range (1 through 4094)');
  } else if (seg !== null) {
    throw invalidInput('segmentation_id requires physical_network for VLAN provider network');
  }
  // network_vlan_ranges = provider gives no range to allocate from, so a VLAN ID must be named.
  if (!physnet || seg === null) throw noNetworkAvailable();
  return { network_type: 'vlan', physical_network: physnet, segmentation_id: seg };
}

/** reserve_provider_segment: one flat network per physical network, one network per VLAN ID. */
export function reserveSegment(ctx: Ctx, networkId: string, s: Segment): void {
  if (s.network_type === 'flat') {
    if (ctx.db.get('neutron.ml2_flat_allocations', s.physical_network!)) {
      throw conflict('FlatNetworkInUse', `Unable to create the flat network. Physical network ${s.physical_network} is in use.`);
    }
    ctx.db.insert('neutron.ml2_flat_allocations', s.physical_network!, { physical_network: s.physical_network });
  } else {
    const key = `${s.physical_network}:${s.segmentation_id}`;
    if (ctx.db.get('neutron.ml2_vlan_allocations', key)) {
      throw conflict('VlanIdInUse', `Unable to create the network. The VLAN ${s.segmentation_id} on physical network ${s.physical_network} is in use.`);
    }
    ctx.db.insert('neutron.ml2_vlan_allocations', key, { physical_network: s.physical_network, vlan_id: s.segmentation_id, allocated: true });
  }
  const id = ctx.ids.uuid();
  ctx.db.insert('neutron.networksegments', id, { id, network_id: networkId, ...s, segment_index: 0, is_dynamic: false });
}

/** The network's (single) segment. */
export function segmentOf(ctx: Ctx, networkId: string): Segment & { id: string } {
  const s = ctx.db.where('neutron.networksegments', (x) => x.network_id === networkId)[0];
  if (!s) throw new Error(`network ${networkId} has no segment: networks are made with one`);
  return s as Segment & { id: string };
}

/** release_segment: frees the physical network or VLAN ID again. */
export function releaseSegment(ctx: Ctx, networkId: string): void {
  for (const s of ctx.db.where('neutron.networksegments', (x) => x.network_id === networkId)) {
    if (s.network_type === 'flat') ctx.db.remove('neutron.ml2_flat_allocations', s.physical_network);
    else ctx.db.remove('neutron.ml2_vlan_allocations', `${s.physical_network}:${s.segmentation_id}`);
    ctx.db.remove('neutron.networksegments', s.id);
  }
}
