/** The libvirt/QEMU driver on a compute node: domains, tap devices and the image cache, recorded as hypervisor actions. */
import type { Ctx, Row } from '../core/types.ts';
import { sha1 } from './hash.ts';
import type { Vif } from './network.ts';
import { HV, instanceName, type Instance } from './state.ts';

const INSTANCES = '/var/lib/nova/instances';

function hv(ctx: Ctx, summary: string, payload?: unknown): void {
  ctx.act('hypervisor', summary, payload, `hypervisor@${ctx.host}`);
}

/** The libvirt domain of an instance on this host, if defined. */
export function getDomain(ctx: Ctx, uuid: string): Row | undefined {
  const d = ctx.db.get(HV.domains, uuid);
  return d && d.host === ctx.host ? d : undefined;
}

/** The `_base` file name of an image: the SHA-1 of its id, as Nova's image cache names it. */
export function baseFile(imageId: string): string {
  return `${INSTANCES}/_base/${sha1(imageId)}`;
}

/** True when the image is already in this host's `_base` cache. */
export function imageCached(ctx: Ctx, imageId: string): boolean {
  return !!ctx.db.get(HV.imageCache, `${ctx.host}:${imageId}`);
}

/** Stores a downloaded image in this host's cache (`_base`). */
export function cacheImage(ctx: Ctx, image: Row): void {
  const key = `${ctx.host}:${image.id}`;
  if (ctx.db.get(HV.imageCache, key)) return;
  ctx.db.insert(HV.imageCache, key, { host: ctx.host, image_id: image.id, path: baseFile(image.id), size: image.size ?? 0, cached_at: ctx.iso() });
  hv(ctx, `write ${baseFile(image.id)} (${image.disk_format ?? 'qcow2'}, ${image.size ?? 0} bytes)`);
}

function plugSummary(ctx: Ctx, vif: Vif, uuid: string): string {
  if (ctx.config.mechanism === 'linuxbridge') return `create ${vif.devname} (libvirt interface type=bridge, source brq${vif.network.id.slice(0, 11)})`;
  return `ovs-vsctl add-port br-int ${vif.devname} -- set Interface ${vif.devname} external_ids:iface-id=${vif.id} external_ids:attached-mac=${vif.address} external_ids:vm-uuid=${uuid}`;
}

/** Plugs the VIFs (creates the tap devices) of a domain. */
function plugVifs(ctx: Ctx, uuid: string, vifs: Vif[]): void {
  for (const vif of vifs) hv(ctx, plugSummary(ctx, vif, uuid), { port_id: vif.id, tap: vif.devname, mac: vif.address });
}

/** spawn: disk overlay, domain XML, VIFs, then start the guest paused (it resumes once Neutron says the VIFs are plugged). */
export function createDomain(ctx: Ctx, inst: Instance, vifs: Vif[], volumes: Row[]): Row {
  const name = instanceName(inst);
  const dir = `${INSTANCES}/${inst.uuid}`;
  const disks: Row[] = [];
  if (inst.image_ref && !volumes.some((v) => v.boot_index === 0)) {
    hv(ctx, `qemu-img create -f qcow2 -o backing_file=${baseFile(inst.image_ref)} ${dir}/disk ${inst.flavor.root_gb}G`);
    disks.push({ target: 'vda', source: `${dir}/disk`, type: 'file' });
  }
  for (const v of volumes) disks.push({ target: String(v.device_name ?? '/dev/vda').replace('/dev/', ''), source: `volume-${v.volume_id}`, type: 'network', volume_id: v.volume_id });
  hv(ctx, `virsh define ${dir}/libvirt.xml (domain ${name}: ${inst.flavor.vcpus} vCPU, ${inst.flavor.memory_mb} MiB, ${disks.length} disk(s), ${vifs.length} interface(s))`);
  plugVifs(ctx, inst.uuid, vifs);
  hv(ctx, `virsh start --paused ${name}`);
  const row = {
    uuid: inst.uuid, host: ctx.host, name, state: 'paused', vcpus: inst.flavor.vcpus, memory_mb: inst.flavor.memory_mb,
    disks, interfaces: vifs.map((v) => ({ tap: v.devname, port_id: v.id, mac: v.address })), boots: 0, created_at: ctx.iso(),
  };
  const existing = ctx.db.get(HV.domains, inst.uuid);
  if (existing) ctx.db.remove(HV.domains, inst.uuid);
  return ctx.db.insert(HV.domains, inst.uuid, row);
}

/** Resumes a paused guest; the guest boots. */
export function resumeDomain(ctx: Ctx, uuid: string): void {
  const d = getDomain(ctx, uuid);
  if (!d) return;
  hv(ctx, `virsh resume ${d.name}`);
  ctx.db.update(HV.domains, uuid, { state: 'running', boots: (d.boots ?? 0) + 1 });
}

/** Clean shutdown (ACPI), as power_off with a shutdown timeout does; libvirt removes the tap devices. */
export function shutdownDomain(ctx: Ctx, uuid: string): void {
  const d = getDomain(ctx, uuid);
  if (!d) return;
  hv(ctx, `virsh shutdown ${d.name} (ACPI power button); guest halted, ${d.interfaces.map((i: Row) => i.tap).join(', ') || 'no'} tap device(s) removed`);
  ctx.db.update(HV.domains, uuid, { state: 'shut off' });
}

/** power_on: libvirt's hard-reboot path re-creates the domain, re-plugs the VIFs and starts it. */
export function startDomain(ctx: Ctx, uuid: string, vifs: Vif[]): void {
  const d = getDomain(ctx, uuid);
  if (!d) return;
  plugVifs(ctx, uuid, vifs);
  hv(ctx, `virsh start ${d.name}`);
  ctx.db.update(HV.domains, uuid, { state: 'running', boots: (d.boots ?? 0) + 1, interfaces: vifs.map((v) => ({ tap: v.devname, port_id: v.id, mac: v.address })) });
}

/** Soft reboot (ACPI restart inside the guest) or hard reboot (destroy and start). */
export function rebootDomain(ctx: Ctx, uuid: string, hard: boolean): void {
  const d = getDomain(ctx, uuid);
  if (!d) return;
  hv(ctx, hard ? `virsh destroy ${d.name}; virsh start ${d.name}` : `virsh reboot ${d.name} (ACPI)`);
  ctx.db.update(HV.domains, uuid, { state: 'running', boots: (d.boots ?? 0) + 1 });
}

/** destroy: stop the guest, unplug its VIFs, undefine it and remove its directory. */
export function destroyDomain(ctx: Ctx, uuid: string): void {
  const d = getDomain(ctx, uuid);
  if (!d) return;
  if (d.state !== 'shut off') hv(ctx, `virsh destroy ${d.name}`);
  for (const i of d.interfaces ?? []) {
    hv(ctx, ctx.config.mechanism === 'linuxbridge' ? `delete ${i.tap}` : `ovs-vsctl del-port br-int ${i.tap}`, { port_id: i.port_id, tap: i.tap });
  }
  hv(ctx, `virsh undefine ${d.name}; rm -rf ${INSTANCES}/${uuid}`);
  ctx.db.remove(HV.domains, uuid);
}

/** Attaches a volume's iSCSI LUN to the guest as `device`. */
export function attachVolumeToDomain(ctx: Ctx, uuid: string, volumeId: string, device: string, connection: Row): void {
  const d = getDomain(ctx, uuid);
  if (!d) return;
  const target = connection?.data?.target_iqn ? ` from ${connection.data.target_iqn}` : '';
  hv(ctx, `iscsiadm login${target}; virsh attach-device ${d.name} (disk ${device.replace('/dev/', '')} = volume ${volumeId})`);
  ctx.db.update(HV.domains, uuid, { disks: [...d.disks, { target: device.replace('/dev/', ''), source: `volume-${volumeId}`, type: 'network', volume_id: volumeId }] });
}

/** Detaches a volume from the guest. */
export function detachVolumeFromDomain(ctx: Ctx, uuid: string, volumeId: string): void {
  const d = getDomain(ctx, uuid);
  if (!d) return;
  const disk = d.disks.find((x: Row) => x.volume_id === volumeId);
  hv(ctx, `virsh detach-device ${d.name} (disk ${disk?.target ?? '?'} = volume ${volumeId}); iscsiadm logout`);
  ctx.db.update(HV.domains, uuid, { disks: d.disks.filter((x: Row) => x.volume_id !== volumeId) });
}
