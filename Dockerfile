# Dockerfile — twinsync in a container: built on Debian 12 from this repository, installed from
# its own Debian package into a slim image, run as an unprivileged user.
#   docker build -t twinsync .
#   docker run -v /srv/twinsync:/var/lib/twinsync -e BLUE_TOKEN=… -p 8787:8787 twinsync run /var/lib/twinsync/qa.sync
FROM debian:12-slim AS build
COPY scripts/packages.txt /tmp/packages.txt
RUN apt-get update \
 && apt-get install -y --no-install-recommends $(sed 's/#.*//' /tmp/packages.txt) \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
WORKDIR /src
RUN cmake --preset default -DTWINSYNC_BUILD_TESTS=OFF \
 && cmake --build build/default -j"$(nproc)" \
 && cd build/default && cpack -G DEB

FROM debian:12-slim
COPY --from=build /src/build/default/package/twinsync_*.deb /tmp/
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates /tmp/twinsync_*.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/twinsync_*.deb \
 && useradd --system --uid 10001 --home-dir /var/lib/twinsync --create-home --shell /usr/sbin/nologin twinsync
USER twinsync
WORKDIR /var/lib/twinsync
VOLUME /var/lib/twinsync
EXPOSE 8787
ENTRYPOINT ["/usr/bin/twinsync"]
CMD ["help"]
