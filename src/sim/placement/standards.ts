/** The standard resource classes (os-resource-classes) and traits (os-traits) placement-api syncs at start. */
import type { Ctx } from '../core/types.ts';
import { RESOURCE_CLASSES, TRAITS } from './state.ts';

/** os_resource_classes.STANDARDS, in order: the order gives the database ids. */
export const STANDARD_RESOURCE_CLASSES = [
  'VCPU', 'MEMORY_MB', 'DISK_GB', 'PCI_DEVICE', 'SRIOV_NET_VF', 'NUMA_SOCKET', 'NUMA_CORE', 'NUMA_THREAD', 'NUMA_MEMORY_MB',
  'IPV4_ADDRESS', 'VGPU', 'VGPU_DISPLAY_HEAD', 'NET_BW_EGR_KILOBIT_PER_SEC', 'NET_BW_IGR_KILOBIT_PER_SEC', 'PCPU',
  'MEM_ENCRYPTION_CONTEXT', 'FPGA', 'PGPU', 'NET_PACKET_RATE_KILOPACKET_PER_SEC', 'NET_PACKET_RATE_EGR_KILOPACKET_PER_SEC',
  'NET_PACKET_RATE_IGR_KILOPACKET_PER_SEC',
];

/** Custom resource classes get ids from 10000 up (placement's CUSTOM_ id range). */
export const CUSTOM_RC_BASE_ID = 10000;

/** A part of os-traits: the traits a libvirt compute node reports and a few common hardware ones. */
export const STANDARD_TRAITS = [
  'COMPUTE_ACCELERATORS', 'COMPUTE_ADDRESS_SPACE_EMULATED', 'COMPUTE_ADDRESS_SPACE_PASSTHROUGH', 'COMPUTE_DEVICE_TAGGING',
  'COMPUTE_GRAPHICS_MODEL_BOCHS', 'COMPUTE_GRAPHICS_MODEL_CIRRUS', 'COMPUTE_GRAPHICS_MODEL_NONE', 'COMPUTE_GRAPHICS_MODEL_VGA',
  'COMPUTE_GRAPHICS_MODEL_VIRTIO', 'COMPUTE_IMAGE_TYPE_AKI', 'COMPUTE_IMAGE_TYPE_AMI', 'COMPUTE_IMAGE_TYPE_ARI',
  'COMPUTE_IMAGE_TYPE_ISO', 'COMPUTE_IMAGE_TYPE_PLOOP', 'COMPUTE_IMAGE_TYPE_QCOW2', 'COMPUTE_IMAGE_TYPE_RAW',
  'COMPUTE_IMAGE_TYPE_VDI', 'COMPUTE_IMAGE_TYPE_VHD', 'COMPUTE_IMAGE_TYPE_VHDX', 'COMPUTE_IMAGE_TYPE_VMDK',
  'COMPUTE_NET_ATTACH_INTERFACE', 'COMPUTE_NET_ATTACH_INTERFACE_WITH_TAG', 'COMPUTE_NET_VIF_MODEL_E1000',
  'COMPUTE_NET_VIF_MODEL_E1000E', 'COMPUTE_NET_VIF_MODEL_NE2K_PCI', 'COMPUTE_NET_VIF_MODEL_PCNET',
  'COMPUTE_NET_VIF_MODEL_RTL8139', 'COMPUTE_NET_VIF_MODEL_SPAPR_VLAN', 'COMPUTE_NET_VIF_MODEL_VIRTIO',
  'COMPUTE_NET_VIF_MODEL_VMXNET3', 'COMPUTE_NODE', 'COMPUTE_RESCUE_BFV', 'COMPUTE_SECURITY_TPM_1_2', 'COMPUTE_SECURITY_TPM_2_0',
  'COMPUTE_SECURITY_UEFI_SECURE_BOOT', 'COMPUTE_SOCKET_PCI_NUMA_AFFINITY', 'COMPUTE_STATUS_DISABLED', 'COMPUTE_STORAGE_BUS_FDC',
  'COMPUTE_STORAGE_BUS_IDE', 'COMPUTE_STORAGE_BUS_SATA', 'COMPUTE_STORAGE_BUS_SCSI', 'COMPUTE_STORAGE_BUS_USB',
  'COMPUTE_STORAGE_BUS_VIRTIO', 'COMPUTE_TRUSTED_CERTS', 'COMPUTE_VOLUME_ATTACH_WITH_TAG', 'COMPUTE_VOLUME_EXTEND',
  'COMPUTE_VOLUME_MULTI_ATTACH', 'HW_CPU_HYPERTHREADING', 'HW_CPU_X86_ABM', 'HW_CPU_X86_AESNI', 'HW_CPU_X86_AVX',
  'HW_CPU_X86_AVX2', 'HW_CPU_X86_BMI', 'HW_CPU_X86_BMI2', 'HW_CPU_X86_CLMUL', 'HW_CPU_X86_F16C', 'HW_CPU_X86_FMA3',
  'HW_CPU_X86_MMX', 'HW_CPU_X86_SSE', 'HW_CPU_X86_SSE2', 'HW_CPU_X86_SSE3', 'HW_CPU_X86_SSE41', 'HW_CPU_X86_SSE42',
  'HW_CPU_X86_SSSE3', 'HW_CPU_X86_SVM', 'HW_CPU_X86_VMX', 'HW_NIC_SRIOV', 'MISC_SHARES_VIA_AGGREGATE', 'STORAGE_DISK_HDD',
  'STORAGE_DISK_SSD',
];

/** True for a name placement keeps for itself (standard classes and traits cannot be deleted). */
export const isCustom = (name: string) => name.startsWith('CUSTOM_');

/** placement.deploy.update_database: adds any missing standard class or trait (idempotent, runs at every start). */
export function syncStandards(ctx: Ctx): void {
  STANDARD_RESOURCE_CLASSES.forEach((name, id) => {
    if (!ctx.db.get(RESOURCE_CLASSES, name)) ctx.db.insert(RESOURCE_CLASSES, name, { id, name, created_at: ctx.iso() });
  });
  let next = ctx.db.all(TRAITS).reduce((m, t) => Math.max(m, t.id), 0);
  for (const name of STANDARD_TRAITS) {
    if (!ctx.db.get(TRAITS, name)) ctx.db.insert(TRAITS, name, { id: (next += 1), name, created_at: ctx.iso() });
  }
}
