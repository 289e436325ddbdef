/** The guest's serial console as a CirrOS image prints it: kernel, DHCP lease, metadata, system information. */
import type { Row } from '../core/types.ts';
import { md5 } from './hash.ts';
import type { Vif } from './network.ts';
import type { Instance } from './state.ts';

function prefixLen(cidr: string): string {
  return cidr.split('/')[1] ?? '24';
}

function networkOf(cidr: string): string {
  return cidr || '0.0.0.0/0';
}

/** Fake but plausible uptime stamps that depend only on the instance, so the log is repeatable. */
function stamp(seed: string, i: number): string {
  const n = parseInt(md5(`${seed}:${i}`).slice(0, 4), 16) % 1000;
  return `[${(i * 0.37 + n / 10000).toFixed(6).padStart(12, ' ')}]`;
}

/** One boot of the guest. */
function bootLog(inst: Instance, vifs: Vif[], boot: number): string[] {
  const seed = `${inst.uuid}:${boot}`;
  const first = vifs[0];
  const ip = first?.ips.find((x) => x.version === 4);
  const sub = first?.subnets.find((x) => x.id === ip?.subnet_id) ?? first?.subnets[0];
  const host = inst.hostname || inst.display_name;
  const iid = `i-${inst.id.toString(16).padStart(8, '0')}`;
  const lines = [
    `${stamp(seed, 0)} Linux version 5.15.0-71-generic (buildd@lcy02-amd64-044) #78-Ubuntu SMP x86_64`,
    `${stamp(seed, 1)} Command line: BOOT_IMAGE=/boot/vmlinuz root=LABEL=cirros-rootfs ro console=tty1 console=ttyS0`,
    `${stamp(seed, 2)} DMI: OpenStack Foundation OpenStack Nova, BIOS 1.16.3-debian-1.16.3-2 04/01/2014`,
    `${stamp(seed, 3)} Hypervisor detected: KVM`,
    `${stamp(seed, 4)} Memory: ${Math.max(16, inst.flavor.memory_mb - 22)}MB available`,
    `${stamp(seed, 5)} virtio_blk virtio2: [vda] ${inst.flavor.root_gb * 2097152} 512-byte logical blocks`,
    `${stamp(seed, 6)} EXT4-fs (vda1): mounted filesystem with ordered data mode`,
    'Starting syslogd: OK',
    'Starting klogd: OK',
    'Populating /dev using udev: done',
    'Starting network: ',
  ];
  if (ip && sub) {
    lines.push(
      'udhcpc: started, v1.36.1',
      'udhcpc: broadcasting discover',
      `udhcpc: broadcasting select for ${ip.address}, server ${sub.dhcp_server ?? sub.gateway_ip ?? '0.0.0.0'}`,
      `udhcpc: lease of ${ip.address} obtained from ${sub.dhcp_server ?? sub.gateway_ip ?? '0.0.0.0'}, lease time 86400`,
      'OK',
      'checking http://169.254.169.254/2009-04-04/instance-id',
      `successful after 1/20 tries: up 4.${md5(seed).charCodeAt(0) % 10}2. iid=${iid}`,
      'failed to get http://169.254.169.254/2009-04-04/user-data',
      'warning: no ec2 metadata for user-data',
      'found datasource (ec2, net)',
    );
  } else {
    lines.push('udhcpc: started, v1.36.1', 'udhcpc: broadcasting discover', 'udhcpc: no lease, failing', 'FAIL', 'no results found for mode=net. up 61.70. searched: nocloud ec2', 'found datasource (nocloud, local)');
  }
  lines.push(
    'Top of dropbear init script',
    'Starting dropbear sshd: OK',
    `GROWROOT: NOCHANGE: partition 1 is size ${inst.flavor.root_gb * 2097152 - 16385}. it cannot be grown`,
    '=== system information ===',
    'Platform: OpenStack Foundation OpenStack Nova',
    'Container: none',
    'Arch: x86_64',
    `CPU(s): ${inst.flavor.vcpus} @ 2294.608 MHz`,
    `RAM Size: ${Math.max(16, inst.flavor.memory_mb - 18)}MB`,
    '=== sshd host keys ===',
    '-----BEGIN SSH HOST KEY KEYS-----',
    `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${md5(`${seed}:hostkey`).slice(0, 32)}${md5(inst.uuid).slice(0, 11)} root@${host}`,
    '-----END SSH HOST KEY KEYS-----',
    '=== network info ===',
    'if-info: lo,up,127.0.0.1,8,,',
  );
  if (ip && sub) {
    lines.push(
      `if-info: eth0,up,${ip.address},${prefixLen(sub.cidr)},,`,
      ...(sub.gateway_ip ? [`ip-route:default via ${sub.gateway_ip} dev eth0 `] : []),
      `ip-route:${networkOf(sub.cidr)} dev eth0 scope link  src ${ip.address} `,
    );
  }
  lines.push(
    '=== datasource: ec2 net ===',
    `instance-id: ${iid}`,
    'name: N/A',
    `availability-zone: ${inst.availability_zone ?? 'nova'}`,
    `local-hostname: ${host}.novalocal`,
    `launch-index: ${inst.launch_index}`,
    '=== cirros: current=0.6.2 latest=0.6.2 uptime=6.04 ===',
    '  ____               ____  ____',
    ' / __/ __ ____ ____ / __ \\/ __/',
    '/ /__ / // __// __// /_/ /\\ \\ ',
    '\\___//_//_/  /_/   \\____/___/ ',
    '   http://cirros-cloud.net',
    '',
    '',
    "login as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.",
    `${host} login: `,
  );
  return lines;
}

/** The console log of every boot so far; `length` keeps only the last lines, as os-getConsoleOutput does. */
export function consoleLog(inst: Instance, vifs: Vif[], domain: Row | undefined, length?: number): string {
  const boots = domain?.boots ?? 0;
  const lines: string[] = [];
  for (let b = 1; b <= boots; b++) lines.push(...bootLog(inst, vifs, b));
  const kept = length !== undefined && length >= 0 ? lines.slice(Math.max(0, lines.length - length)) : lines;
  return kept.length ? kept.join('\n') + '\n' : '';
}
