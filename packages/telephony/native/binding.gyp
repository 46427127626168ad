{
  "targets": [
    {
      "target_name": "tsunagu_rtp",
      "sources": ["src/rtp_io.c"],
      "cflags": ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
