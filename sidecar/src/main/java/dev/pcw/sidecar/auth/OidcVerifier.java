package dev.pcw.sidecar.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies OIDC access tokens (JWTs) against the issuer's JWKS: signature (RS256, RS384, RS512,
 * ES256, ES384, PS256), issuer, audience, expiry and not-before (60 s of clock skew), and a
 * subject. The principal is {@code oidc:<claim>} (the subject by default), so that a token's user
 * and an API key of the same name are never one principal; the roles come from a claim that is a
 * list or a space- or comma-separated string, and only pcw's roles are kept.
 */
public final class OidcVerifier {
    /** What a verifier checks. */
    public static final class Settings {
        final String issuer;
        final String audience;
        final URI jwks;
        final String rolesClaim;
        final String principalClaim;

        /**
         * @param issuer the {@code iss} tokens must carry
         * @param audience an {@code aud} tokens must carry
         * @param jwks where the issuer publishes its keys
         * @param rolesClaim the claim holding pcw's roles (e.g. {@code roles}, {@code groups})
         * @param principalClaim the claim naming the principal (e.g. {@code sub}, {@code email})
         */
        public Settings(
                String issuer,
                String audience,
                URI jwks,
                String rolesClaim,
                String principalClaim) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.audience = Objects.requireNonNull(audience, "audience");
            this.jwks = Objects.requireNonNull(jwks, "jwks");
            this.rolesClaim = Objects.requireNonNull(rolesClaim, "rolesClaim");
            this.principalClaim = Objects.requireNonNull(principalClaim, "principalClaim");
        }

        public String issuer() {
            return issuer;
        }
    }

    /** A verified token's principal and roles. */
    public static final class Principal {
        public final String name;
        public final Set<String> roles;

        Principal(String name, Set<String> roles) {
            this.name = name;
            this.roles = Set.copyOf(roles);
        }
    }

    /** Why a token was refused, in words for the caller (never the token). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final Settings settings;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public OidcVerifier(Settings settings, Collection<String> knownRoles) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.knownRoles = Set.copyOf(knownRoles);
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(settings.jwks.toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(
                    "the OIDC JWKS URL " + settings.jwks + " is not a URL", e);
        }
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(
                        Set.of(
                                JWSAlgorithm.RS256,
                                JWSAlgorithm.RS384,
                                JWSAlgorithm.RS512,
                                JWSAlgorithm.ES256,
                                JWSAlgorithm.ES384,
                                JWSAlgorithm.PS256),
                        keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(
                        settings.audience,
                        new JWTClaimsSet.Builder().issuer(settings.issuer).build(),
                        Set.of("sub", "exp"));
        claims.setMaxClockSkew(60);
        processor.setJWTClaimsSetVerifier(claims);
    }

    private final Set<String> knownRoles;

    /** The issuer tokens must come from. */
    public String issuer() {
        return settings.issuer;
    }

    /** Whether a bearer credential looks like a JWT (three dot-separated parts). */
    public static boolean looksLikeJwt(String credential) {
        return credential.chars().filter(c -> c == '.').count() == 2
                && !credential.startsWith("pcw_");
    }

    /**
     * Verifies {@code token}.
     *
     * @throws Refused saying why (expired, another issuer or audience, an unknown key, a bad
     *     signature, not a JWT)
     */
    public Principal verify(String token) throws Refused {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (BadJWTException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("expired")) {
                throw new Refused("the token has expired");
            }
            if (m.contains("aud")) {
                throw new Refused("the token is not for this audience (" + settings.audience + ")");
            }
            if (m.contains("iss claim")) {
                throw new Refused("the token was not issued by " + settings.issuer);
            }
            throw new Refused("the token's claims are not accepted: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw new Refused(
                    "the token's signature does not verify against "
                            + settings.jwks
                            + " ("
                            + e.getMessage()
                            + ")");
        } catch (ParseException e) {
            throw new Refused("the bearer credential is neither an API key nor a JWT");
        } catch (JOSEException e) {
            throw new Refused(
                    "the issuer's keys could not be read from "
                            + settings.jwks
                            + ": "
                            + e.getMessage());
        }
        Object who = claims.getClaim(settings.principalClaim);
        if (!(who instanceof String) || ((String) who).isBlank()) {
            throw new Refused(
                    "the token has no " + settings.principalClaim + " claim to name its principal");
        }
        return new Principal("oidc:" + who, roles(claims.getClaim(settings.rolesClaim)));
    }

    private Set<String> roles(Object claim) {
        Set<String> out = new LinkedHashSet<>();
        if (claim instanceof List) {
            for (Object o : (List<?>) claim) {
                add(out, String.valueOf(o));
            }
        } else if (claim instanceof String) {
            for (String r : ((String) claim).split("[ ,]+")) {
                add(out, r);
            }
        }
        return out;
    }

    private void add(Set<String> out, String role) {
        String r = role.trim().toLowerCase(Locale.ROOT);
        if (r.startsWith("pcw:")) {
            r = r.substring(4);
        }
        if (knownRoles.contains(r)) {
            out.add(r);
        }
    }
}
