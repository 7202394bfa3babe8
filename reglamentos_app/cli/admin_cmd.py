"""CLI for administrators: ``admin init-db``, ``add-user``, ``upgrade-db``, ``whoami``, and the keys
of signed ``.reforma`` packages (``admin clave``, ``confiar-clave``, ``claves``).

``init-db URL`` migrates a database and, on PostgreSQL, creates the roles of the procedure
(``<prefijo>_redactor``, ``_sindicatura``, ``_secretaria``, ``_administrador``); ``add-user URL
LOGIN`` gives a person their own PostgreSQL login in the group of their role, mapped to their
profile. Both need an administrator's URL (a superuser or a role with CREATEROLE).
"""

from __future__ import annotations

import os

from ..config import Settings
from ..services import admin
from ..services.admin import DEFAULT_PREFIX, ROLES


def add_parsers(sub, common) -> None:
    parser = sub.add_parser("admin", parents=[common], help="tareas de administración")
    admin_sub = parser.add_subparsers(dest="admin_command", metavar="TAREA",
                                      parser_class=type(parser))
    admin_sub.required = True

    p = admin_sub.add_parser("init-db", parents=[common],
                             help="preparar una base de datos compartida: esquema y roles")
    p.add_argument("url", metavar="URL", help="postgresql://administrador@servidor/base")
    p.add_argument("--prefijo", default=DEFAULT_PREFIX,
                   help=f"prefijo de los roles de PostgreSQL (por omisión, «{DEFAULT_PREFIX}»)")
    p.set_defaults(func=cmd_init_db)

    p = admin_sub.add_parser("add-user", parents=[common],
                             help="agregar una persona con su propio usuario de PostgreSQL")
    p.add_argument("url", metavar="URL")
    p.add_argument("login", metavar="USUARIO", help="usuario de PostgreSQL (minúsculas)")
    p.add_argument("--nombre", required=True)
    p.add_argument("--oficina", required=True)
    p.add_argument("--rol", required=True, choices=list(ROLES))
    p.add_argument("--contrasena", help="contraseña (o la variable REGLAMENTOS_CONTRASENA); "
                   "sin ella, el servidor decide cómo se autentica")
    p.set_defaults(func=cmd_add_user)

    p = admin_sub.add_parser("upgrade-db", parents=[common],
                             help="crear o actualizar el esquema de una base de datos compartida")
    p.set_defaults(func=cmd_upgrade_db)

    p = admin_sub.add_parser("cabildo", parents=[common],
                             help="consultar o fijar cuántos munícipes integran el Cabildo")
    p.add_argument("--integrantes", type=int, metavar="N",
                   help="nuevo número de integrantes (base de la mayoría calificada)")
    p.set_defaults(func=cmd_council)

    p = admin_sub.add_parser("clave", parents=[common],
                             help="clave pública con que esta oficina firma sus paquetes .reforma")
    p.set_defaults(func=cmd_key)

    p = admin_sub.add_parser("confiar-clave", parents=[common],
                             help="aceptar los paquetes .reforma firmados por otra oficina")
    p.add_argument("oficina", metavar="OFICINA", help="nombre de la oficina dueña de la clave")
    p.add_argument("clave", metavar="CLAVE", help="su clave pública (base64)")
    p.set_defaults(func=cmd_trust_key)

    p = admin_sub.add_parser("claves", parents=[common],
                             help="oficinas cuyos paquetes .reforma acepta este equipo")
    p.set_defaults(func=cmd_trusted_keys)

    p = admin_sub.add_parser("whoami", parents=[common],
                             help="quién es el usuario de la conexión para Reglamentos")
    p.set_defaults(func=cmd_whoami)


def _url(args) -> str:
    return args.db or Settings.load().effective_db_url


def cmd_init_db(args) -> int:
    result = admin.init_db(args.url, args.prefijo)
    print(f"Esquema en la versión {result.status.revision}.")
    if result.shared:
        print("Roles de PostgreSQL: " + ", ".join(result.roles))
        print("Seguridad a nivel de fila forzada en todas las tablas; las escrituras del trámite "
              "pasan por las funciones del servidor.")
    else:
        print("Base local (SQLite): no hay roles de servidor; las aprobaciones no son "
              "probatorias.")
    return 0


def cmd_add_user(args) -> int:
    password = args.contrasena or os.environ.get("REGLAMENTOS_CONTRASENA") or None
    user_id = admin.add_user(args.url, args.login, name=args.nombre, office=args.oficina,
                             role=args.rol, password=password)
    print(f"{user_id}\t{args.login}\t{args.nombre}\t{args.rol}")
    return 0


def cmd_upgrade_db(args) -> int:
    status = admin.upgrade_db(_url(args))
    if status.upgraded_from is None and not status.created:
        print(f"La base de datos ya estaba en la versión {status.revision}.")
    else:
        print(f"Base de datos actualizada a la versión {status.revision}"
              + (f" (desde {status.upgraded_from})." if status.upgraded_from else "."))
    return 0


def cmd_council(args) -> int:
    members = admin.council_size(_url(args), args.integrantes)
    print(f"El Cabildo tiene {members} integrantes; la mayoría calificada es de "
          f"{-(-2 * members // 3)} votos.")
    return 0


def cmd_whoami(args) -> int:
    identity = admin.whoami(_url(args))
    if identity is None:
        print("Esta conexión no corresponde a ninguna persona registrada (modo local o "
              "administrador de la base).")
        return 0
    print(f"{identity.login}\t{identity.name}\t{identity.office}\t{identity.role}")
    return 0


def cmd_key(args) -> int:
    from ..services import offline

    print(offline.office_key().public_text)
    return 0


def cmd_trust_key(args) -> int:
    from ..services import offline

    offline.trusted_keys().add(args.oficina, args.clave)
    print(f"Se aceptarán los paquetes .reforma firmados por «{args.oficina.strip()}».")
    return 0


def cmd_trusted_keys(args) -> int:
    from ..services import offline

    for key, office in sorted(offline.trusted_keys().load().items(), key=lambda kv: kv[1]):
        print(f"{office}\t{key}")
    return 0
