package dev.pcw.connectors.partnertiers;

import dev.pcw.connectors.lake.LakeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * The folder partner tier files are read from: a local folder (default {@code data/partners/}) or
 * an {@code s3://bucket/prefix/}, read through Iceberg's S3FileIO with the lake's S3 settings
 * ({@code lake.s3.*}, {@code lake.client.region}). Its files are {@code partners_*.csv} and {@code
 * partners_*.json} directly in the folder, in name order; other files are not read. Serializable
 * (the Flink source carries it); the S3 client is made on first use.
 */
public final class TierInputFolder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The seed's input folder. */
    public static final String DEFAULT = "data/partners/";

    /** Which files are partner tier files. */
    public static final Pattern FILE_NAME =
            Pattern.compile("partners_[^/]*\\.(csv|json)", Pattern.CASE_INSENSITIVE);

    private final String location;
    private final Map<String, String> s3Properties;
    private transient FileIO io;

    private TierInputFolder(String location, Map<String, String> s3Properties) {
        this.location = location;
        this.s3Properties = s3Properties;
    }

    /**
     * The folder at {@code location}: a local path, or {@code s3://…} read with {@code lake}'s S3
     * settings.
     *
     * @throws IllegalArgumentException for an empty location or another URI scheme
     */
    public static TierInputFolder of(String location, LakeConfig lake) {
        String l = Objects.requireNonNull(location, "location").trim();
        if (l.isEmpty()) {
            throw new IllegalArgumentException(
                    "partner_tiers.input is empty: name a folder (default " + DEFAULT + ")");
        }
        if (l.startsWith("s3://") || l.startsWith("s3a://")) {
            String prefix = l.endsWith("/") ? l : l + "/";
            return new TierInputFolder(prefix, lake.s3FileIoProperties());
        }
        if (l.contains("://")) {
            throw new IllegalArgumentException(
                    "partner_tiers.input '" + l + "' must be a local folder or an s3:// prefix");
        }
        return new TierInputFolder(l.startsWith("file:") ? l.substring(5) : l, null);
    }

    /** The folder as given. */
    public String location() {
        return location;
    }

    public boolean isS3() {
        return s3Properties != null;
    }

    /**
     * The partner tier files in the folder now, in name order.
     *
     * @throws UncheckedIOException when the folder cannot be listed (the message says which)
     */
    public List<TierFile> list() {
        List<TierFile> files = new ArrayList<>();
        if (isS3()) {
            try {
                for (FileInfo f : ((SupportsPrefixOperations) io()).listPrefix(location)) {
                    String rest = f.location().substring(prefixLength(f.location()));
                    if (FILE_NAME.matcher(rest).matches()) {
                        files.add(
                                new TierFile(
                                        f.location(), f.location(), f.size(), f.createdAtMillis()));
                    }
                }
            } catch (RuntimeException e) {
                throw new UncheckedIOException(
                        "cannot list "
                                + location
                                + ": "
                                + e.getMessage()
                                + " (check lake.s3.* and the bucket's permissions)",
                        new IOException(e));
            }
        } else {
            Path dir = Paths.get(location);
            if (!Files.isDirectory(dir)) {
                throw new UncheckedIOException(
                        "the partner tier input folder "
                                + location
                                + " does not exist (set partner_tiers.input or --input)",
                        new NoSuchFileException(location));
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches())
                        .filter(Files::isRegularFile)
                        .forEach(
                                p -> {
                                    try {
                                        files.add(
                                                new TierFile(
                                                        p.toString(),
                                                        p.toAbsolutePath().toString(),
                                                        Files.size(p),
                                                        Files.getLastModifiedTime(p).toMillis()));
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + location, e);
            }
        }
        files.sort(Comparator.comparing(f -> f.name().toLowerCase(Locale.ROOT)));
        return files;
    }

    private int prefixLength(String fileLocation) {
        // S3FileIO lists with the scheme given; a file may come back as s3:// for an s3a:// prefix.
        int i = fileLocation.indexOf("://");
        int j = location.indexOf("://");
        return i + (location.length() - j);
    }

    /** Opens {@code file} for reading; the caller closes the stream. */
    public InputStream open(TierFile file) throws IOException {
        if (isS3()) {
            return io().newInputFile(file.location()).newStream();
        }
        return Files.newInputStream(Paths.get(file.location()));
    }

    private FileIO io() {
        if (io == null) {
            io = CatalogUtil.loadFileIO("org.apache.iceberg.aws.s3.S3FileIO", s3Properties, null);
        }
        return io;
    }

    @Override
    public String toString() {
        return location;
    }
}
