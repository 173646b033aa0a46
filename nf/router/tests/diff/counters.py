"""The router's per-CPU Counter maps, read straight from their bpffs pins with the bpf()
system call: the test reads them after every case, and a bpftool process per read would
make it several times slower on a loaded machine.

A PNA Counter of type PACKETS_AND_BYTES is a BPF_MAP_TYPE_PERCPU_ARRAY whose value is
{u64 packets, u64 bytes} (docs/manifest.md); a lookup returns one value per possible CPU.
"""
import ctypes
import os
import platform
import struct

BPF_MAP_LOOKUP_ELEM = 1
BPF_OBJ_GET = 7
_SYSCALL = {"x86_64": 321, "aarch64": 280}
_libc = ctypes.CDLL(None, use_errno=True)


class _ObjGetAttr(ctypes.Structure):  # union bpf_attr, BPF_OBJ_GET
    _fields_ = [("pathname", ctypes.c_uint64), ("bpf_fd", ctypes.c_uint32),
                ("file_flags", ctypes.c_uint32), ("path_fd", ctypes.c_int32),
                ("pad", ctypes.c_uint8 * 108)]


class _LookupAttr(ctypes.Structure):  # union bpf_attr, BPF_MAP_*_ELEM
    _fields_ = [("map_fd", ctypes.c_uint32), ("pad0", ctypes.c_uint32),
                ("key", ctypes.c_uint64), ("value", ctypes.c_uint64),
                ("flags", ctypes.c_uint64), ("pad", ctypes.c_uint8 * 96)]


def _bpf(command, attr):
    number = _SYSCALL.get(platform.machine())
    if number is None:
        raise OSError("no bpf() syscall number for " + platform.machine())
    result = _libc.syscall(number, command, ctypes.byref(attr), ctypes.sizeof(attr))
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, "bpf(%d): %s" % (command, os.strerror(error)))
    return result


def possible_cpus():
    with open("/sys/devices/system/cpu/possible") as f:
        count = 0
        for part in f.read().strip().split(","):
            first, _, last = part.partition("-")
            count += int(last or first) - int(first) + 1
    return count


class PinnedCounter:
    """A pinned PACKETS_AND_BYTES counter array; packets(index) sums the CPUs."""

    def __init__(self, path):
        self.path = path
        name = ctypes.create_string_buffer(path.encode())
        self.fd = _bpf(BPF_OBJ_GET, _ObjGetAttr(pathname=ctypes.addressof(name)))
        self.cpus = possible_cpus()
        self.value = ctypes.create_string_buffer(16 * self.cpus)
        self.key = ctypes.c_uint32(0)

    def packets(self, index):
        self.key.value = index
        _bpf(BPF_MAP_LOOKUP_ELEM, _LookupAttr(map_fd=self.fd, key=ctypes.addressof(self.key),
                                              value=ctypes.addressof(self.value)))
        raw = self.value.raw
        return sum(struct.unpack_from("<Q", raw, 16 * cpu)[0] for cpu in range(self.cpus))

    def close(self):
        os.close(self.fd)
