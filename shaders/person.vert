#version 150
// People: baked light like scene.vert, plus the face and body animation.
// Every person of a scene reads its own five vec4 from u_people (written
// once a frame from numpy, see experience/people/_crowd.py); each vertex
// says which part it belongs to (rig.x), how much (rig.y), which side (rig.z)
// and the point it turns about (pivot). One draw call per person.
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform vec4 light_k;
uniform vec3 light_col0;
uniform vec3 light_col1;
uniform vec3 light_col2;
uniform vec3 light_col3;
uniform float exposure;
uniform vec4 u_people[160];   // 32 people x 5 vec4
uniform float person;         // this figure's slot
in vec4 p3d_Vertex;
in vec3 base;
in vec3 albedo;
in vec4 lightw;
in vec4 rig;                  // part, weight, side (-1 left, 1 right), 0
in vec3 pivot;
out vec3 v_color;

// Parts (experience/people/_rigmesh.py)
const int TORSO = 1, ARM_L = 2, ARM_R = 3, HEAD = 4, EYE = 5, LID_UP = 6, LID_LOW = 7, BROW = 8,
          LIP_UP = 9, LIP_LOW = 10, MOUTH = 11, JAW = 12;

mat3 rot_x(float a) { float c = cos(a), s = sin(a); return mat3(1, 0, 0, 0, c, s, 0, -s, c); }
mat3 rot_y(float a) { float c = cos(a), s = sin(a); return mat3(c, 0, -s, 0, 1, 0, s, 0, c); }
mat3 rot_z(float a) { float c = cos(a), s = sin(a); return mat3(c, s, 0, -s, c, 0, 0, 0, 1); }

void main() {
    int i = int(person + 0.5) * 5;
    vec4 head = u_people[i];        // yaw, pitch, roll, neck height
    vec4 face = u_people[i + 1];    // eye yaw, eye pitch, blink 0..1, mouth open 0..1
    vec4 expr = u_people[i + 2];    // brow raise, brow inner, smile, lid droop
    vec4 body = u_people[i + 3];    // breath, sway, gesture left, gesture right
    vec4 more = u_people[i + 4];    // mouth round, -, -, -
    int part = int(rig.x + 0.5);
    vec3 p = p3d_Vertex.xyz;
    vec3 d = p - pivot;
    if (part == EYE) {
        p = pivot + rot_z(face.x) * rot_x(face.y) * d;
    } else if (part == LID_UP) {
        // Open: the edge a little above the iris (wider when worried, lower when tired); closed: down to the lower lid.
        float open = -0.12 * expr.w + 0.1 * max(expr.x, 0.0) + 0.35 * face.y;
        float a = mix(open, -0.92, face.z);
        p = pivot + rot_x(a) * d;
    } else if (part == LID_LOW) {
        float a = 0.16 * max(expr.z, 0.0) + 0.1 * face.z + 0.25 * min(face.y, 0.0);
        p = pivot + rot_x(-a) * d;
    } else if (part == BROW) {
        p = pivot + rot_y(rig.z * 0.35 * expr.y) * d + vec3(0.0, 0.0, 0.006 * expr.x + 0.004 * expr.y - 0.002 * expr.w);
    } else if (part == LIP_UP || part == LIP_LOW || part == MOUTH) {
        float open = face.w;
        float wide = 1.0 + 0.1 * expr.z - 0.28 * more.x;
        float curve = 0.0055 * expr.z * (d.x * d.x) / (0.022 * 0.022);
        vec3 q = vec3(d.x * wide, d.y, d.z);
        if (part == LIP_UP) q.z += 0.0025 * open;
        if (part == LIP_LOW) q.z -= 0.0095 * open;
        if (part == MOUTH) { q.z = q.z * (1.0 + 4.2 * open) - 0.0035 * open; q.y -= 0.002 * more.x; }
        q.y += 0.003 * more.x * (1.0 - abs(d.x) / 0.024);
        q.z += curve;
        p = pivot + q;
    } else if (part == JAW) {
        p.z -= 0.007 * face.w * rig.y;
    } else if (part == TORSO) {
        p = pivot + vec3(d.x * (1.0 + 0.01 * body.x), d.y * (1.0 + 0.025 * body.x), d.z * (1.0 + 0.008 * body.x));
    } else if (part == ARM_L || part == ARM_R) {
        float g = part == ARM_L ? body.z : body.w;
        p = pivot + rot_z(-rig.z * 0.25 * g) * rot_x(1.05 * g) * d;
        p.z += 0.004 * body.x;
    }
    if (part >= HEAD) {
        vec3 neck = vec3(0.0, 0.0, head.w);
        p = neck + rot_z(head.x) * rot_x(head.y) * rot_y(head.z) * (p - neck) + vec3(0.0, 0.0, 0.004 * body.x);
    }
    // The weight shift: the whole figure leans a little about its feet.
    p = rot_y(body.y) * p;
    gl_Position = p3d_ModelViewProjectionMatrix * vec4(p, 1.0);
    vec3 extra = light_k.x * lightw.x * light_col0 + light_k.y * lightw.y * light_col1
               + light_k.z * lightw.z * light_col2 + light_k.w * lightw.w * light_col3;
    vec3 c = max(base + albedo * extra, vec3(0.0)) * exposure;
    c = vec3(1.0) - exp(-c * 1.7);
    v_color = pow(c, vec3(1.0 / 2.2));
}
