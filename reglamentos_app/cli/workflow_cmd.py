"""CLI for the procedure: users, stage and transitions, observations, board, verify-record.

``--usuario`` names the profile acting, by number or by name (from ``workflow users``); against
a shared database whose server knows who logged in, the login is the identity and
``--usuario`` is not needed (naming someone else is refused). Transition data are given as
``--dato clave=valor`` and read as the field's definition says: text, dates and choices stay
text (``gazette_number=22``), counts are numbers, votes are JSON objects
(``--dato member_votes='{"Regidora A": "for"}'``). ``verify-record`` exits with status 4 when
the record was tampered with, so a scheduled check can alert.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from ..domain.audit import RecordAnchor
from ..domain.errors import ValidationError
from ..domain.minutes import local_time, minutes_line
from ..domain.observations import ObservationStatus
from ..domain.workflow import FieldType, Transition, UserProfile
from .commands import _services

EXIT_TAMPERED = 4
USER_HELP = ("número o nombre del perfil que actúa (vea «workflow users»); en la base "
             "compartida, el usuario con el que inició sesión")
ANSWERS = {"atendida": ObservationStatus.ADDRESSED, "rechazada": ObservationStatus.REJECTED,
           "abierta": ObservationStatus.OPEN}


def add_parsers(sub, common) -> None:
    p = sub.add_parser("verify-record", parents=[common],
                       help="comprobar que el registro del trámite no fue alterado")
    p.add_argument("--ancla", action="append", default=[], metavar="N:HUELLA",
                   help="ancla guardada fuera de la base (la que se muestra después de cada "
                        "acto y va en los documentos y paquetes): detecta un registro recortado "
                        "o reescrito")
    p.set_defaults(func=cmd_verify)

    wf = sub.add_parser("workflow", parents=[common], help="trámite de los proyectos de reforma")
    wsub = wf.add_subparsers(dest="workflow_command", metavar="ACCIÓN", parser_class=type(wf))
    wsub.required = True

    p = wsub.add_parser("users", parents=[common], help="listar los perfiles de usuario")
    p.set_defaults(func=cmd_users)
    p = wsub.add_parser("add-user", parents=[common], help="agregar un perfil de usuario")
    p.add_argument("name", metavar="NOMBRE")
    p.add_argument("--oficina", required=True)
    p.add_argument("--rol", required=True,
                   choices=["redactor", "sindicatura", "secretaria", "administrador"])
    p.set_defaults(func=cmd_add_user)

    p = wsub.add_parser("status", parents=[common], help="etapa y acciones disponibles")
    p.add_argument("id", type=int)
    p.add_argument("--usuario", metavar="USUARIO", help="mostrar las acciones de este perfil")
    p.set_defaults(func=cmd_status)

    p = wsub.add_parser("advance", parents=[common], help="tomar una transición del trámite")
    p.add_argument("id", type=int)
    p.add_argument("transition", metavar="TRANSICIÓN")
    p.add_argument("--usuario", metavar="USUARIO", help=USER_HELP)
    p.add_argument("--dato", action="append", default=[], metavar="CLAVE=VALOR")
    p.add_argument("--comentario", default="")
    p.set_defaults(func=cmd_advance)

    p = wsub.add_parser("observe", parents=[common], help="observación de la Sindicatura")
    p.add_argument("id", type=int)
    p.add_argument("uri", metavar="URI")
    p.add_argument("eid", metavar="EID")
    p.add_argument("text", metavar="TEXTO")
    p.add_argument("--usuario", metavar="USUARIO", help=USER_HELP)
    p.set_defaults(func=cmd_observe)

    p = wsub.add_parser("answer", parents=[common], help="responder una observación")
    p.add_argument("id", type=int)
    p.add_argument("observation", type=int, metavar="OBSERVACIÓN")
    p.add_argument("status", choices=sorted(ANSWERS))
    p.add_argument("reply", metavar="RESPUESTA")
    p.add_argument("--usuario", metavar="USUARIO", help=USER_HELP)
    p.set_defaults(func=cmd_answer)

    p = wsub.add_parser("reply", parents=[common],
                        help="responder en el hilo de una observación sin cambiar su estado")
    p.add_argument("id", type=int)
    p.add_argument("observation", type=int, metavar="OBSERVACIÓN")
    p.add_argument("reply", metavar="RESPUESTA")
    p.add_argument("--usuario", metavar="USUARIO", help=USER_HELP)
    p.set_defaults(func=cmd_reply)

    p = wsub.add_parser("notices", parents=[common],
                        help="avisos de un perfil: dónde le toca actuar, detenidos, observaciones")
    p.add_argument("--usuario", metavar="USUARIO", help=USER_HELP)
    p.add_argument("--desde", metavar="AAAA-MM-DDTHH:MM",
                   help="solo lo nuevo desde ese momento (UTC), para las observaciones")
    p.set_defaults(func=cmd_notices)

    p = wsub.add_parser("observations", parents=[common], help="observaciones de un proyecto")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_observations)

    p = wsub.add_parser("timeline", parents=[common], help="historial del trámite")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_timeline)

    p = wsub.add_parser("board", parents=[common], help="proyectos por etapa")
    p.set_defaults(func=cmd_board)

    p = wsub.add_parser("definition", parents=[common], help="exportar o cambiar el procedimiento")
    p.add_argument("--exportar", metavar="ARCHIVO.json")
    p.add_argument("--importar", metavar="ARCHIVO.json")
    p.add_argument("--usuario", metavar="USUARIO", help=USER_HELP)
    p.set_defaults(func=cmd_definition)


def acting_user(services, given: str | None) -> UserProfile:
    """Who acts: the server's login on a managed shared database, else ``--usuario`` given by
    number or by name (a unique match, ignoring case)."""
    server = services.workflow.server_profile()
    if server is not None:
        user_id, profile = server
        if given and given.strip() not in (str(user_id), profile.name) and \
                given.strip().casefold() != profile.name.casefold():
            raise ValidationError(f"En la base compartida usted actúa como «{profile.name}», el "
                                  f"usuario con el que inició sesión; no puede actuar como "
                                  f"«{given}».")
        return profile
    if not given or not given.strip():
        raise ValidationError("Indique --usuario con el número o el nombre del perfil (vea "
                              "«reglamentos workflow users»).")
    given = given.strip()
    if given.isdigit():
        return services.workflow.user(int(given))
    users = [p for _i, p in services.workflow.users()]
    exact = [p for p in users if p.name.casefold() == given.casefold()]
    found = exact or [p for p in users if given.casefold() in p.name.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(f"No hay ningún perfil llamado «{given}» (vea «reglamentos "
                              "workflow users»).")
    names = ", ".join(f"«{p.name}»" for p in found)
    raise ValidationError(f"«{given}» coincide con varios perfiles ({names}); use el número.")


_user = acting_user   # the name the commands below use


def _data(pairs: list[str], transition: Transition | None = None) -> dict:
    """``clave=valor`` pairs typed by the transition's field definitions: text, dates and
    choices are kept as typed; counts and votes are read as JSON."""
    data = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ValidationError(f"«{pair}» no tiene la forma clave=valor.")
        key = key.strip()
        spec = transition.field(key) if transition is not None else None
        if spec is not None and spec.type in (FieldType.TEXT, FieldType.DATE, FieldType.CHOICE):
            data[key] = value
            continue
        try:
            data[key] = json.loads(value)
        except ValueError:
            data[key] = value
    return data


def cmd_verify(args) -> int:
    anchors = [RecordAnchor.parse(text) for text in args.ancla]
    with _services(args) as services:
        problems = services.workflow.verify_record(anchors)
        count = len(services.workflow.repository.audit_records())
        head = services.workflow.anchor()
    if not problems:
        checked = " y coincide con el ancla indicada" if anchors else ""
        print(f"El registro está íntegro: {count} asientos encadenados, ninguno alterado"
              f"{checked}.")
        print(f"Ancla del registro: {head.text}")
        return 0
    for problem in problems:
        print(problem.description)
    return EXIT_TAMPERED


def cmd_users(args) -> int:
    with _services(args) as services:
        for user_id, profile in services.workflow.users():
            print(f"{user_id}\t{profile.name}\t{profile.office}\t{profile.role}")
    return 0


def cmd_add_user(args) -> int:
    with _services(args) as services:
        print(services.workflow.add_user(UserProfile(args.name, args.oficina, args.rol)))
    return 0


def cmd_status(args) -> int:
    with _services(args) as services:
        stage = services.workflow.stage(args.id)
        print(f"{stage.id}\t{stage.label}")
        if args.usuario is not None:
            for transition in services.workflow.available(args.id, _user(services, args.usuario)):
                print(f"  {transition.id}\t{transition.label}")
    return 0


def cmd_advance(args) -> int:
    with _services(args) as services:
        for advice in services.workflow.advice(args.id, args.transition):
            print(f"Aviso: {advice}", file=sys.stderr)
        transition = services.workflow.definition().find_transition(args.transition)
        record = services.workflow.advance(args.id, args.transition,
                                           _user(services, args.usuario),
                                           _data(args.dato, transition), args.comentario)
        print(f"{record.seq}\t{record.stage_from} → {record.stage_to}\t{record.hash[:12]}")
        print(f"Ancla del registro: {services.workflow.anchor().text}", file=sys.stderr)
    return 0


def cmd_observe(args) -> int:
    with _services(args) as services:
        draft = services.projects.get(args.id).target(args.uri).draft
        node = draft.find(args.eid)
        if node is None:
            raise ValidationError(f"El borrador no tiene la disposición «{args.eid}».")
        obs = services.workflow.observe(args.id, args.uri, node.pid, args.text,
                                        _user(services, args.usuario))
        print(obs.id)
    return 0


def cmd_answer(args) -> int:
    with _services(args) as services:
        services.workflow.answer(args.id, args.observation, ANSWERS[args.status], args.reply,
                                 _user(services, args.usuario))
    return 0


def cmd_reply(args) -> int:
    with _services(args) as services:
        services.workflow.reply(args.id, args.observation, args.reply,
                                _user(services, args.usuario))
    return 0


def cmd_notices(args) -> int:
    since = None
    if args.desde:
        try:
            since = datetime.fromisoformat(args.desde)
        except ValueError as exc:
            raise ValidationError(f"«{args.desde}» no es una fecha y hora válida "
                                  "(AAAA-MM-DDTHH:MM).") from exc
        since = since if since.tzinfo else since.replace(tzinfo=timezone.utc)
    with _services(args) as services:
        for notice in services.workflow.notices(_user(services, args.usuario), since):
            mark = "nuevo" if notice.new else "pendiente"
            print(f"{notice.project_id}\t{mark}\t{notice.title}\t{notice.message}")
    return 0


def cmd_observations(args) -> int:
    """Each observation with the provision it is anchored to and the words it quotes."""
    with _services(args) as services:
        project = services.projects.get(args.id)
        labels = {(t.regulation_uri, n.pid): n.display_label()
                  for t in project.targets for n in t.draft.walk()}
        for view in services.workflow.observations(args.id):
            o = view.observation
            where = labels.get((o.regulation_uri, o.pid), "disposición ya suprimida")
            quoted = f" «{o.quoted_text}»" if o.quoted_text else ""
            stale = f"  ({view.stale})" if view.stale else ""
            print(f"{o.id}\t{o.status.label}\t{o.author}, {local_time(o.created_at)}\t"
                  f"{where}{quoted}\t{o.text}{stale}")
            for reply in o.replies:
                print(f"\t↳ {reply.author}, {local_time(reply.created_at)}: {reply.text}")
    return 0


def cmd_timeline(args) -> int:
    """The record as a clerk's minutes (Spanish names, local time, the data of each act)."""
    with _services(args) as services:
        definition = services.workflow.definition()
        for record in services.workflow.timeline(args.id):
            print(minutes_line(definition, record))
    return 0


def cmd_board(args) -> int:
    with _services(args) as services:
        for row in services.workflow.board():
            print(f"{row.project.id}\t{row.stage.label}\t{row.days_in_stage()} días\t"
                  f"{row.project.title}")
    return 0


def cmd_definition(args) -> int:
    with _services(args) as services:
        if args.importar:
            data = json.loads(Path(args.importar).read_text(encoding="utf-8"))
            services.workflow.save_definition(data, _user(services, args.usuario))
        definition = services.workflow.definition()
        text = json.dumps(definition.to_dict(), ensure_ascii=False, indent=2)
        if args.exportar:
            Path(args.exportar).write_text(text, encoding="utf-8")
        elif not args.importar:
            print(text)
    return 0
