#version 150
// The combined post-effect stack, applied per eye in eye-texture space.
// Every uniform at its neutral value gives a passthrough. The effects
// presenter compiles three variants by defining EFFECTS and BLUR (a plain
// copy, the stack without blur, the whole stack) and uses the cheapest one
// the current values need; with neither defined this is a plain copy.
uniform sampler2D p3d_Texture0;
uniform float eye_index;
uniform float eye_count;
uniform vec4 u_vignette;   // amount, radius, softness, comfort amount
uniform vec4 u_fade;       // colour rgb (premultiplied share), amount
uniform vec4 u_grade;      // desaturate, temperature (-1 cool..1 warm), blur, grain
uniform vec4 u_pulse;      // current pulse 0..1, time (s), -, -
uniform vec4 u_lens;       // lens centre in uv: eye 0 (x, y), eye 1 (x, y)
in vec2 v_uv;
out vec4 o_color;

float hash(vec2 p) {
    p = fract(p * vec2(443.897, 441.423));
    p += dot(p, p.yx + 19.19);
    return fract((p.x + p.y) * p.x);
}

void main() {
    vec3 c = texture(p3d_Texture0, v_uv).rgb;
#ifdef EFFECTS
    vec2 size = vec2(textureSize(p3d_Texture0, 0));

#ifdef BLUR
    float blur = u_grade.z;
    {
        // A ring of eight taps around the pixel; radius grows to about 1 degree of view at 1.
        vec2 px = blur * 0.012 * vec2(size.y / size.x, 1.0);
        vec3 acc = c * 2.0;
        acc += texture(p3d_Texture0, v_uv + vec2(px.x, 0.0)).rgb;
        acc += texture(p3d_Texture0, v_uv - vec2(px.x, 0.0)).rgb;
        acc += texture(p3d_Texture0, v_uv + vec2(0.0, px.y)).rgb;
        acc += texture(p3d_Texture0, v_uv - vec2(0.0, px.y)).rgb;
        acc += texture(p3d_Texture0, v_uv + px * 0.7071).rgb;
        acc += texture(p3d_Texture0, v_uv - px * 0.7071).rgb;
        acc += texture(p3d_Texture0, v_uv + vec2(px.x, -px.y) * 0.7071).rgb;
        acc += texture(p3d_Texture0, v_uv + vec2(-px.x, px.y) * 0.7071).rgb;
        c = acc / 10.0;
    }
#endif

    float luma = dot(c, vec3(0.2126, 0.7152, 0.0722));
    c = mix(c, vec3(luma), u_grade.x);
    float t = u_grade.y;
    c *= vec3(1.0 + 0.12 * t, 1.0 + 0.02 * t, 1.0 - 0.14 * t);

    // Distance from this eye's lens centre, circular in view angle.
    vec2 centre = eye_index < 0.5 ? u_lens.xy : u_lens.zw;
    vec2 d = (v_uv - centre) * vec2(size.x / size.y, 1.0) * 2.0;
    float r = length(d);
    float pulse = u_pulse.x;
    float vig = u_vignette.x + 0.35 * pulse;
    float radius = mix(u_vignette.y, 0.12, clamp(u_vignette.x, 0.0, 1.0) * 0.8);
    float shade = vig * smoothstep(radius - 0.5 * u_vignette.z, radius + 0.5 * u_vignette.z, r);
    float comfort = u_vignette.w * smoothstep(0.55, 1.05, r);
    c *= (1.0 - clamp(shade, 0.0, 1.0)) * (1.0 - clamp(comfort, 0.0, 1.0));
    c *= 1.0 - 0.12 * pulse;

    float g = u_grade.w;
    if (g > 0.0) {
        float n = hash(floor(v_uv * size) + fract(u_pulse.y * 7.31) * 113.0) - 0.5;
        c += g * n;
    }

    c = mix(c, u_fade.rgb, u_fade.a);
#endif
    o_color = vec4(clamp(c, 0.0, 1.0), 1.0);
}
