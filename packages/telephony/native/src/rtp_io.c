/*
 * Batched RTP socket I/O for Tsunagu's media engine (Linux; see docs/adr/0015-native-rtp-io.md).
 *
 * Node's dgram costs a Buffer, an rinfo object, a send request and a JS<->C++ transition per
 * datagram. Here JavaScript and C share four ArrayBuffers instead: a send table and its packet
 * bytes, filled by JS during a media tick and sent by ONE call (sendmmsg per run of packets on
 * the same socket), and a receive table and its bytes, filled by one drain of every readable
 * socket (epoll_wait(0), then recvmmsg with MSG_DONTWAIT on each ready fd) and handed to JS by
 * ONE callback. The layouts are mirrored in src/media/rtp-io-table.ts; keep the two in step.
 *
 * Table entry (8 int32 = 32 bytes), same shape both ways:
 *   [0] send: fd / receive: the socket id JS gave open()
 *   [1] byte offset in the data buffer   [2] length
 *   [3] port | family << 16 (family 4 or 6)
 *   [4..7] address, 16 bytes in network order (IPv4 in the first 4)
 *
 * Receiving is driven by libuv: the epoll fd is itself pollable, so one uv_poll watches every
 * RTP socket. With a pacing interval > 0 the watcher is stopped after each drain and restarted
 * by a timer that long after, so a busy node drains at most once per interval (big batches) and
 * an idle one still hears its first packet at once.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#define ENTRY_INTS 8
/* Largest datagram accepted; anything longer is truncated by the kernel and dropped here. */
#define RECV_SLOT 2048
#define MMSG_BATCH 32
/* A socket flooded with packets cannot starve the others within one drain. */
#define MAX_PER_SOCKET_PER_DRAIN 64
#define MAX_EVENTS 4096
/* Drains back to back when the receive buffer filled, before yielding to the event loop. */
#define MAX_ROUNDS_PER_WAKE 4

enum {
  STAT_DRAINS,
  STAT_EPOLL_CALLS,
  STAT_RECV_CALLS,
  STAT_RECV_PACKETS,
  STAT_RECV_TRUNCATED,
  STAT_SEND_CALLS,
  STAT_SEND_PACKETS,
  STAT_SEND_ERRORS,
  STAT_COUNT
};
static const char *const STAT_NAMES[STAT_COUNT] = {
    "drains",       "epollCalls", "recvCalls",  "recvPackets",
    "recvTruncated", "sendCalls", "sendPackets", "sendErrors"};

typedef struct {
  void *data;
  size_t length;
  napi_ref ref;
} SharedBuffer;

typedef struct {
  napi_env env;
  int epfd;
  SharedBuffer send_table, send_data, recv_table, recv_data;
  napi_ref on_receive;
  napi_async_context async_ctx;
  uv_poll_t poll;
  uv_timer_t timer;
  int handles_open;  /* uv handles initialised and not yet closed */
  int polling;       /* uv_poll_start is in effect */
  int receiving;     /* startReceiving was called and stopReceiving was not */
  int in_callback;   /* guards against a drain from inside the JS callback */
  int closing;       /* uv handles still to report closed at teardown */
  uint64_t interval_ms;
  double stats[STAT_COUNT];
  struct epoll_event events[MAX_EVENTS];
  napi_async_cleanup_hook_handle cleanup;
} State;

/* ---- helpers ------------------------------------------------------------------------------ */

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char msg[160];
  const char *code = NULL;
  switch (err) {
    case EADDRINUSE: code = "EADDRINUSE"; break;
    case EADDRNOTAVAIL: code = "EADDRNOTAVAIL"; break;
    case EACCES: code = "EACCES"; break;
    case EMFILE: code = "EMFILE"; break;
    case ENFILE: code = "ENFILE"; break;
    case EINVAL: code = "EINVAL"; break;
    default: code = "ERTPIO"; break;
  }
  snprintf(msg, sizeof msg, "%s %s (%s)", what, code, strerror(err));
  napi_throw_error(env, code, msg);
  return NULL;
}

static State *state_of(napi_env env) {
  void *data = NULL;
  napi_get_instance_data(env, &data);
  return (State *)data;
}

static int arg_int(napi_env env, napi_value v, int64_t *out) {
  return napi_get_value_int64(env, v, out) == napi_ok;
}

static int take_buffer(napi_env env, napi_value v, SharedBuffer *buf) {
  void *data = NULL;
  size_t len = 0;
  if (napi_get_arraybuffer_info(env, v, &data, &len) != napi_ok) return 0;
  if (buf->ref) napi_delete_reference(env, buf->ref);
  buf->ref = NULL;
  if (napi_create_reference(env, v, 1, &buf->ref) != napi_ok) return 0;
  buf->data = data;
  buf->length = len;
  return 1;
}

static void put_address(int32_t *entry, const struct sockaddr_storage *ss) {
  uint8_t *addr = (uint8_t *)(entry + 4);
  memset(addr, 0, 16);
  if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
    memcpy(addr, &a->sin6_addr, 16);
    entry[3] = (int32_t)(ntohs(a->sin6_port) | (6 << 16));
  } else {
    const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
    memcpy(addr, &a->sin_addr, 4);
    entry[3] = (int32_t)(ntohs(a->sin_port) | (4 << 16));
  }
}

static socklen_t get_address(const int32_t *entry, struct sockaddr_storage *ss) {
  const uint8_t *addr = (const uint8_t *)(entry + 4);
  int port = entry[3] & 0xffff;
  int family = (entry[3] >> 16) & 0xff;
  memset(ss, 0, sizeof *ss);
  if (family == 6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    memcpy(&a->sin6_addr, addr, 16);
    return sizeof *a;
  }
  struct sockaddr_in *a = (struct sockaddr_in *)ss;
  a->sin_family = AF_INET;
  a->sin_port = htons((uint16_t)port);
  memcpy(&a->sin_addr, addr, 4);
  return sizeof *a;
}

/* ---- receive ------------------------------------------------------------------------------ */

/*
 * Reads what every readable socket holds into the receive buffers; returns the packets stored.
 * *more is set when the buffers filled before every ready socket was emptied.
 */
static uint32_t drain(State *s, int *more) {
  *more = 0;
  if (!s->recv_table.data || !s->recv_data.data) return 0;
  int32_t *table = (int32_t *)s->recv_table.data;
  uint8_t *data = (uint8_t *)s->recv_data.data;
  uint32_t capacity = (uint32_t)(s->recv_table.length / (ENTRY_INTS * sizeof(int32_t)));
  size_t data_len = s->recv_data.length;
  uint32_t count = 0;
  size_t used = 0;
  struct mmsghdr msgs[MMSG_BATCH];
  struct iovec iov[MMSG_BATCH];
  struct sockaddr_storage from[MMSG_BATCH];
  s->stats[STAT_DRAINS] += 1;

  for (;;) {
    uint32_t room = capacity - count;
    int max_events = room < MAX_EVENTS ? (int)room : MAX_EVENTS;
    if (max_events <= 0) {
      *more = 1;
      return count;
    }
    int ready = epoll_wait(s->epfd, s->events, max_events, 0);
    s->stats[STAT_EPOLL_CALLS] += 1;
    if (ready <= 0) return count;
    for (int i = 0; i < ready; i++) {
      uint64_t tag = s->events[i].data.u64;
      int fd = (int)(uint32_t)(tag & 0xffffffffu);
      int32_t id = (int32_t)(uint32_t)(tag >> 32);
      int taken = 0;
      while (taken < MAX_PER_SOCKET_PER_DRAIN) {
        size_t slots = MMSG_BATCH;
        if (slots > capacity - count) slots = capacity - count;
        if (slots > (data_len - used) / RECV_SLOT) slots = (data_len - used) / RECV_SLOT;
        if (slots > (size_t)(MAX_PER_SOCKET_PER_DRAIN - taken))
          slots = (size_t)(MAX_PER_SOCKET_PER_DRAIN - taken);
        if (slots == 0) {
          *more = 1;
          return count;
        }
        for (size_t j = 0; j < slots; j++) {
          iov[j].iov_base = data + used + j * RECV_SLOT;
          iov[j].iov_len = RECV_SLOT;
          memset(&msgs[j].msg_hdr, 0, sizeof msgs[j].msg_hdr);
          msgs[j].msg_hdr.msg_iov = &iov[j];
          msgs[j].msg_hdr.msg_iovlen = 1;
          msgs[j].msg_hdr.msg_name = &from[j];
          msgs[j].msg_hdr.msg_namelen = sizeof from[j];
          msgs[j].msg_len = 0;
        }
        int got = recvmmsg(fd, msgs, (unsigned)slots, MSG_DONTWAIT, NULL);
        s->stats[STAT_RECV_CALLS] += 1;
        if (got <= 0) break; /* EAGAIN: empty; any other error: try again next drain */
        size_t base = used;
        for (int j = 0; j < got; j++) {
          if (msgs[j].msg_hdr.msg_flags & MSG_TRUNC) {
            s->stats[STAT_RECV_TRUNCATED] += 1;
            continue;
          }
          size_t len = msgs[j].msg_len;
          uint8_t *src = data + base + (size_t)j * RECV_SLOT;
          /* Pack: message j moves down next to the one before it (never upwards). */
          if (src != data + used) memmove(data + used, src, len);
          int32_t *entry = table + (size_t)count * ENTRY_INTS;
          entry[0] = id;
          entry[1] = (int32_t)used;
          entry[2] = (int32_t)len;
          put_address(entry, &from[j]);
          used += (len + 7) & ~(size_t)7;
          count += 1;
        }
        s->stats[STAT_RECV_PACKETS] += got;
        taken += got;
        /* Fewer than asked for: the socket is empty now (saves the EAGAIN call). */
        if ((size_t)got < slots) break;
      }
    }
    /* epoll had fewer ready sockets than we had room for: every one was served. */
    if (ready < max_events) return count;
  }
}

static void call_js(State *s, uint32_t count) {
  napi_env env = s->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value fn, recv, argv[1], result;
  if (napi_get_reference_value(env, s->on_receive, &fn) == napi_ok && fn != NULL) {
    napi_get_global(env, &recv); /* make_callback wants an object as `this` */
    napi_create_uint32(env, count, &argv[0]);
    s->in_callback = 1;
    napi_status status = napi_make_callback(env, s->async_ctx, recv, fn, 1, argv, &result);
    s->in_callback = 0;
    bool pending = false;
    if (status != napi_ok && napi_is_exception_pending(env, &pending) == napi_ok && pending) {
      /* Thrown by the JS dispatcher: an uncaught exception, as from a dgram 'message' handler. */
      napi_value error;
      napi_get_and_clear_last_exception(env, &error);
      napi_fatal_exception(env, error);
    }
  }
  napi_close_handle_scope(env, scope);
}

static void on_readable(uv_poll_t *poll, int status, int events);

static void start_polling(State *s) {
  if (s->handles_open && s->receiving && !s->polling) {
    uv_poll_start(&s->poll, UV_READABLE, on_readable);
    s->polling = 1;
  }
}

static void on_timer(uv_timer_t *timer) { start_polling((State *)timer->data); }

static void on_readable(uv_poll_t *poll, int status, int events) {
  State *s = (State *)poll->data;
  if (s->interval_ms > 0) {
    uv_poll_stop(&s->poll);
    s->polling = 0;
  }
  for (int round = 0; round < MAX_ROUNDS_PER_WAKE && s->receiving; round++) {
    int more = 0;
    uint32_t count = drain(s, &more);
    if (count > 0) call_js(s, count);
    if (!more) break;
  }
  if (s->interval_ms > 0 && s->receiving && s->handles_open)
    uv_timer_start(&s->timer, on_timer, s->interval_ms, 0);
}

/* ---- exported functions ------------------------------------------------------------------- */

/* init(sendTable, sendData, recvTable, recvData): the shared buffers (replaces earlier ones). */
static napi_value Init(napi_env env, napi_callback_info info) {
  State *s = state_of(env);
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 4 || !take_buffer(env, argv[0], &s->send_table) ||
      !take_buffer(env, argv[1], &s->send_data) || !take_buffer(env, argv[2], &s->recv_table) ||
      !take_buffer(env, argv[3], &s->recv_data)) {
    napi_throw_type_error(env, NULL, "init(sendTable, sendData, recvTable, recvData): ArrayBuffers");
  }
  return NULL;
}

/* open(host, port, id) -> [fd, boundPort]; binds a non-blocking UDP socket and watches it. */
static napi_value Open(napi_env env, napi_callback_info info) {
  State *s = state_of(env);
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char host[64];
  size_t host_len = 0;
  int64_t port = 0, id = 0;
  if (argc < 3 || napi_get_value_string_utf8(env, argv[0], host, sizeof host, &host_len) != napi_ok ||
      !arg_int(env, argv[1], &port) || !arg_int(env, argv[2], &id) || port < 0 || port > 65535) {
    napi_throw_type_error(env, NULL, "open(host, port, id)");
    return NULL;
  }
  struct sockaddr_storage ss;
  socklen_t ss_len;
  memset(&ss, 0, sizeof ss);
  struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    ss_len = sizeof *a4;
  } else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    ss_len = sizeof *a6;
  } else {
    napi_throw_error(env, "EINVAL", "open: the host must be an IP address");
    return NULL;
  }
  int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  if (bind(fd, (struct sockaddr *)&ss, ss_len) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "bind", err);
  }
  struct sockaddr_storage bound;
  socklen_t bound_len = sizeof bound;
  getsockname(fd, (struct sockaddr *)&bound, &bound_len);
  int bound_port = bound.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&bound)->sin6_port)
                                               : ntohs(((struct sockaddr_in *)&bound)->sin_port);
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.events = EPOLLIN;
  ev.data.u64 = ((uint64_t)(uint32_t)id << 32) | (uint32_t)fd;
  if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "epoll_ctl", err);
  }
  napi_value out, v;
  napi_create_array_with_length(env, 2, &out);
  napi_create_int32(env, fd, &v);
  napi_set_element(env, out, 0, v);
  napi_create_int32(env, bound_port, &v);
  napi_set_element(env, out, 1, v);
  return out;
}

/* close(fd) */
static napi_value Close(napi_env env, napi_callback_info info) {
  State *s = state_of(env);
  size_t argc = 1;
  napi_value argv[1];
  int64_t fd = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || !arg_int(env, argv[0], &fd) || fd < 0) {
    napi_throw_type_error(env, NULL, "close(fd)");
    return NULL;
  }
  epoll_ctl(s->epfd, EPOLL_CTL_DEL, (int)fd, NULL);
  close((int)fd);
  return NULL;
}

/* send(count) -> packets the kernel took; the first `count` entries of the send table. */
static napi_value Send(napi_env env, napi_callback_info info) {
  State *s = state_of(env);
  size_t argc = 1;
  napi_value argv[1], out;
  int64_t count = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || !arg_int(env, argv[0], &count) || count < 0 || !s->send_table.data) {
    napi_throw_type_error(env, NULL, "send(count) after init");
    return NULL;
  }
  const int32_t *table = (const int32_t *)s->send_table.data;
  const uint8_t *data = (const uint8_t *)s->send_data.data;
  size_t capacity = s->send_table.length / (ENTRY_INTS * sizeof(int32_t));
  if ((size_t)count > capacity) count = (int64_t)capacity;
  struct mmsghdr msgs[MMSG_BATCH];
  struct iovec iov[MMSG_BATCH];
  struct sockaddr_storage to[MMSG_BATCH];
  uint32_t sent = 0;
  int64_t i = 0;
  while (i < count) {
    int fd = table[i * ENTRY_INTS];
    /* One run: consecutive entries on the same socket (a session's DTMF burst, say). */
    int run = 0;
    while (i + run < count && run < MMSG_BATCH && table[(i + run) * ENTRY_INTS] == fd) {
      const int32_t *e = table + (i + run) * ENTRY_INTS;
      size_t off = (uint32_t)e[1], len = (uint32_t)e[2];
      if (off + len > s->send_data.length) len = 0; /* a corrupt entry sends nothing */
      iov[run].iov_base = (void *)(data + off);
      iov[run].iov_len = len;
      memset(&msgs[run].msg_hdr, 0, sizeof msgs[run].msg_hdr);
      msgs[run].msg_hdr.msg_iov = &iov[run];
      msgs[run].msg_hdr.msg_iovlen = 1;
      msgs[run].msg_hdr.msg_name = &to[run];
      msgs[run].msg_hdr.msg_namelen = get_address(e, &to[run]);
      run++;
    }
    int done = 0;
    while (done < run) {
      int n = sendmmsg(fd, msgs + done, (unsigned)(run - done), MSG_DONTWAIT);
      s->stats[STAT_SEND_CALLS] += 1;
      if (n < 0) {
        /* EAGAIN (socket buffer full), unreachable and the like: this packet is lost, as UDP. */
        s->stats[STAT_SEND_ERRORS] += 1;
        done += 1;
      } else {
        done += n;
        sent += (uint32_t)n;
      }
    }
    i += run;
  }
  s->stats[STAT_SEND_PACKETS] += sent;
  napi_create_uint32(env, sent, &out);
  return out;
}

/* drain() -> packets now in the receive table (for callers that poll instead of listening). */
static napi_value Drain(napi_env env, napi_callback_info info) {
  State *s = state_of(env);
  napi_value out;
  int more = 0;
  uint32_t count = s->in_callback ? 0 : drain(s, &more);
  napi_create_uint32(env, count, &out);
  return out;
}

/* startReceiving(callback(count), intervalMs): drains whenever a socket is readable. */
static napi_value StartReceiving(napi_env env, napi_callback_info info) {
  State *s = state_of(env);
  size_t argc = 2;
  napi_value argv[2];
  int64_t interval = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_valuetype type;
  if (argc < 2 || napi_typeof(env, argv[0], &type) != napi_ok || type != napi_function ||
      !arg_int(env, argv[1], &interval) || interval < 0) {
    napi_throw_type_error(env, NULL, "startReceiving(callback, intervalMs)");
    return NULL;
  }
  if (s->on_receive) napi_delete_reference(env, s->on_receive);
  napi_create_reference(env, argv[0], 1, &s->on_receive);
  if (!s->async_ctx) {
    napi_value resource, name;
    napi_create_object(env, &resource);
    napi_create_string_utf8(env, "TsunaguRtpIo", NAPI_AUTO_LENGTH, &name);
    napi_async_init(env, resource, name, &s->async_ctx);
  }
  s->interval_ms = (uint64_t)interval;
  if (!s->handles_open) {
    uv_loop_t *loop = NULL;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || !loop) {
      napi_throw_error(env, NULL, "no event loop");
      return NULL;
    }
    uv_poll_init(loop, &s->poll, s->epfd);
    uv_timer_init(loop, &s->timer);
    s->poll.data = s;
    s->timer.data = s;
    /* RTP sockets never keep a process alive on their own (dgram's unref, for all of them). */
    uv_unref((uv_handle_t *)&s->poll);
    uv_unref((uv_handle_t *)&s->timer);
    s->handles_open = 1;
  }
  s->receiving = 1;
  start_polling(s);
  return NULL;
}

/* stats() -> { drains, epollCalls, recvCalls, ... } since the module loaded. */
static napi_value Stats(napi_env env, napi_callback_info info) {
  State *s = state_of(env);
  napi_value out, v;
  napi_create_object(env, &out);
  for (int i = 0; i < STAT_COUNT; i++) {
    napi_create_double(env, s->stats[i], &v);
    napi_set_named_property(env, out, STAT_NAMES[i], v);
  }
  return out;
}

/* ---- teardown ----------------------------------------------------------------------------- */

static void on_handle_closed(uv_handle_t *handle) {
  State *s = (State *)handle->data;
  if (--s->closing > 0) return;
  if (s->epfd >= 0) close(s->epfd);
  napi_async_cleanup_hook_handle hook = s->cleanup;
  free(s);
  if (hook) napi_remove_async_cleanup_hook(hook);
}

static void close_handles(State *s, uv_close_cb done) {
  s->receiving = 0;
  s->polling = 0;
  s->handles_open = 0;
  s->closing = 2;
  uv_poll_stop(&s->poll);
  uv_timer_stop(&s->timer);
  uv_close((uv_handle_t *)&s->poll, done);
  uv_close((uv_handle_t *)&s->timer, done);
}

/* The environment is going away (process exit or a worker thread ending). */
static void on_env_cleanup(napi_async_cleanup_hook_handle hook, void *arg) {
  State *s = (State *)arg;
  s->cleanup = hook;
  if (s->handles_open) {
    close_handles(s, on_handle_closed);
    return;
  }
  if (s->epfd >= 0) close(s->epfd);
  free(s);
  napi_remove_async_cleanup_hook(hook);
}

NAPI_MODULE_INIT() {
  State *s = (State *)calloc(1, sizeof(State));
  if (!s) return NULL;
  s->env = env;
  s->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (s->epfd < 0) {
    free(s);
    napi_throw_error(env, NULL, "epoll_create1 failed");
    return NULL;
  }
  napi_set_instance_data(env, s, NULL, NULL);
  napi_add_async_cleanup_hook(env, on_env_cleanup, s, NULL);
  static const struct {
    const char *name;
    napi_callback fn;
  } methods[] = {{"init", Init},   {"open", Open},   {"close", Close},
                 {"send", Send},   {"drain", Drain}, {"startReceiving", StartReceiving},
                 {"stats", Stats}};
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
    napi_value fn;
    napi_create_function(env, methods[i].name, NAPI_AUTO_LENGTH, methods[i].fn, NULL, &fn);
    napi_set_named_property(env, exports, methods[i].name, fn);
  }
  return exports;
}
