/** IP protocol numbers of the transports Zeek names in `proto`. */
export const IP_PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  icmp: 1,
  tcp: 6,
  udp: 17,
  icmp6: 58,
  sctp: 132,
};
