/**
 * The IPVS data plane: {@link org.keepalivedj.ipvs.IpvsPlanes#open()} gives an
 * {@link org.keepalivedj.ipvs.IpvsForwardingPlane} over the kernel's IPVS generic netlink family.
 */
package org.keepalivedj.ipvs;
