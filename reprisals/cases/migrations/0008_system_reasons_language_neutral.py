"""Store the reasons the system writes on status changes in one language-neutral form.

Until now "Case opened", and the reasons follow-up writes when a communication moves a case ("Communication
AL BHR 3/2024 sent by ... on 2026-05-02."), were written in the language of whoever acted, so every reader saw
them in that language. They are now stored as their English source text (the gettext msgid, with a document
symbol, an English register name or an ISO date as values) and translated when shown
(``cases.selectors.status_reason``). This rewrites the rows written before, recognising the translations the
catalogues held when they were written (frozen below, with the labels of the kinds of communication). A reason a
person typed is left as it is, unless it is word for word one of these sentences (which then reads the same,
translated).
"""

import re

from django.db import migrations

WRITTEN_AS = {
    'ar': {
        'Case opened':
            'فُتحت الحالة',
        'Communication %(what)s sent by %(body)s on %(date)s.':
            'الرسالة %(what)s أرسلتها %(body)s في %(date)s.',
        'The State responded to %(what)s on %(date)s.':
            'ردت الدولة على %(what)s في %(date)s.',
        'The answer to %(what)s is being assessed.':
            'يجري تقييم الرد على %(what)s.',
        'A reviewer confirmed that the State responded adequately to %(what)s.':
            'أكّد مراجع أن الدولة ردت على نحو واف على %(what)s.',
    },
    'zh_Hans': {
        'Case opened':
            '已立案',
        'Communication %(what)s sent by %(body)s on %(date)s.':
            '%(body)s 于 %(date)s 发出函件 %(what)s。',
        'The State responded to %(what)s on %(date)s.':
            '国家于 %(date)s 对 %(what)s 作出答复。',
        'The answer to %(what)s is being assessed.':
            '正在评估对 %(what)s 的答复。',
        'A reviewer confirmed that the State responded adequately to %(what)s.':
            '审查人确认国家已对 %(what)s 作出充分答复。',
    },
    'fr': {
        'Case opened':
            'Dossier ouvert',
        'Communication %(what)s sent by %(body)s on %(date)s.':
            'Communication %(what)s envoyée par %(body)s le %(date)s.',
        'The State responded to %(what)s on %(date)s.':
            "L'État a répondu à %(what)s le %(date)s.",
        'The answer to %(what)s is being assessed.':
            "La réponse à %(what)s est en cours d'évaluation.",
        'A reviewer confirmed that the State responded adequately to %(what)s.':
            "Un réviseur a confirmé que l'État a répondu de manière satisfaisante à %(what)s.",
    },
    'ru': {
        'Case opened':
            'Дело открыто',
        'Communication %(what)s sent by %(body)s on %(date)s.':
            'Сообщение %(what)s направлено органом %(body)s %(date)s.',
        'The State responded to %(what)s on %(date)s.':
            'Государство ответило на %(what)s %(date)s.',
        'The answer to %(what)s is being assessed.':
            'Ответ на %(what)s оценивается.',
        'A reviewer confirmed that the State responded adequately to %(what)s.':
            'Рецензент подтвердил, что государство дало надлежащий ответ на %(what)s.',
    },
    'es': {
        'Case opened':
            'Caso abierto',
        'Communication %(what)s sent by %(body)s on %(date)s.':
            'Comunicación %(what)s enviada por %(body)s el %(date)s.',
        'The State responded to %(what)s on %(date)s.':
            'El Estado respondió a %(what)s el %(date)s.',
        'The answer to %(what)s is being assessed.':
            'Se está evaluando la respuesta a %(what)s.',
        'A reviewer confirmed that the State responded adequately to %(what)s.':
            'Un revisor confirmó que el Estado respondió adecuadamente a %(what)s.',
    },
}
KIND_LABELS = {
    'ar': {
        'الإجراءات الخاصة: رسالة ادعاء': 'Special procedures: allegation letter',
        'الإجراءات الخاصة: نداء عاجل': 'Special procedures: urgent appeal',
        'رسالة هيئة معاهدة': 'Treaty-body letter',
        'رسالة رئيس مجلس حقوق الإنسان': 'Letter of the President of the Human Rights Council',
        'مذكرة شفوية': 'Note verbale',
        'اجتماع المسؤول الرفيع المستوى': 'Meeting of the senior official',
        'آخر': 'Other',
    },
    'zh_Hans': {
        '特别程序：指控函': 'Special procedures: allegation letter',
        '特别程序：紧急呼吁': 'Special procedures: urgent appeal',
        '条约机构信函': 'Treaty-body letter',
        '人权理事会主席的信函': 'Letter of the President of the Human Rights Council',
        '普通照会': 'Note verbale',
        '高级官员会晤': 'Meeting of the senior official',
        '其他': 'Other',
    },
    'fr': {
        "Procédures spéciales : communication d'allégations": 'Special procedures: allegation letter',
        'Procédures spéciales : appel urgent': 'Special procedures: urgent appeal',
        "Lettre d'un organe conventionnel": 'Treaty-body letter',
        "Lettre du Président du Conseil des droits de l'homme": 'Letter of the President of the Human Rights Council',
        'Note verbale': 'Note verbale',
        'Réunion du haut fonctionnaire': 'Meeting of the senior official',
        'Autre': 'Other',
    },
    'ru': {
        'Специальные процедуры: письмо с изложением утверждений': 'Special procedures: allegation letter',
        'Специальные процедуры: призыв к незамедлительным действиям': 'Special procedures: urgent appeal',
        'Письмо договорного органа': 'Treaty-body letter',
        'Письмо Председателя Совета по правам человека': 'Letter of the President of the Human Rights Council',
        'Вербальная нота': 'Note verbale',
        'Встреча со старшим должностным лицом': 'Meeting of the senior official',
        'Другое': 'Other',
    },
    'es': {
        'Procedimientos especiales: carta de denuncia': 'Special procedures: allegation letter',
        'Procedimientos especiales: llamamiento urgente': 'Special procedures: urgent appeal',
        'Carta de un órgano de tratado': 'Treaty-body letter',
        'Carta del Presidente del Consejo de Derechos Humanos': 'Letter of the President of the Human Rights Council',
        'Nota verbal': 'Note verbale',
        'Reunión del alto funcionario': 'Meeting of the senior official',
        'Otro': 'Other',
    },
}


VALUE = {"date": r"\d{4}-\d{2}-\d{2}"}


def _pattern(template):
    parts = re.split(r"%\((\w+)\)s", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>{VALUE.get(part, '.+?')})"
                    for i, part in enumerate(parts))
    return re.compile(regex, re.DOTALL)


def _patterns():
    return [(lang, msgid, _pattern(translated)) for lang, templates in WRITTEN_AS.items()
            for msgid, translated in templates.items()]


def english(reason, patterns=None):
    """The English source text of a reason written in another language, or None when it is not a system reason."""
    for lang, msgid, pattern in patterns or _patterns():
        found = pattern.fullmatch(reason)
        if found is None:
            continue
        values = found.groupdict()
        if "what" in values:
            values["what"] = KIND_LABELS[lang].get(values["what"], values["what"])
        return msgid % values if values else msgid
    return None


def to_source_text(apps, schema_editor):
    StatusChange = apps.get_model("cases", "StatusChange")
    patterns = _patterns()
    # Read first, write after: SQLite does not isolate a running SELECT from updates on the same connection.
    rewrites = []
    for pk, reason in StatusChange.objects.values_list("pk", "reason").iterator(chunk_size=2000):
        rewritten = english(reason, patterns)
        if rewritten is not None and rewritten != reason:
            rewrites.append((pk, rewritten))
    for pk, rewritten in rewrites:
        StatusChange.objects.filter(pk=pk).update(reason=rewritten)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_search_vector")]

    # Going back leaves the English source text, which the older code shows as it is.
    operations = [migrations.RunPython(to_source_text, migrations.RunPython.noop)]
