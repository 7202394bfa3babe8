"""Regulation texts for the search tests: a tránsito regulation in two versions and a bando."""

TRANSITO_HEADER = """REGLAMENTO DE TRÁNSITO PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 12, de fecha 15 de marzo de 2002, Tomo CIX, Sección I.
{reform}
TÍTULO PRIMERO
DISPOSICIONES GENERALES

CAPÍTULO I
DEL OBJETO

ARTÍCULO 1.- Objeto.- El presente Reglamento regula el tránsito de vehículos en la vía pública.

ARTÍCULO 2.- Los conductores deberán respetar los límites de velocidad; la falta se castigará con una SANCIÓN económica.

ARTÍCULO 3.- {art3}

ARTÍCULO 3 BIS.- La licencia de conducir tendrá una vigencia de tres años.

CAPÍTULO II
DE LAS INFRACCIONES

ARTÍCULO 4.- Derogado.

ARTÍCULO 5.- Se prohíbe estacionarse en pública y concurrida avenida cuando la vía esté cerrada.

ARTÍCULO 6.- Los niños menores de doce años viajarán en el asiento trasero. Cada año se revisará el padrón de vehículos.

TRANSITORIOS

PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su publicación.
"""

V1_ART3 = "La infracción a este artículo se castigará con multa de diez a veinte días."
V2_ART3 = "La infracción a este artículo se castigará con amonestación por escrito."

TRANSITO_V1 = TRANSITO_HEADER.format(reform="", art3=V1_ART3)
TRANSITO_V2 = TRANSITO_HEADER.format(
    reform="\nÚltima reforma publicada en el Periódico Oficial No. 40, de fecha 17 de junio de "
           "2022, Tomo CXXIX.\n", art3=V2_ART3)

BANDO = """BANDO DE POLICÍA Y GOBIERNO PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 30, de fecha 10 de julio de 2005, Tomo CXII, Sección I.

CAPÍTULO ÚNICO
DE LAS FALTAS

ARTÍCULO 1.- Son faltas administrativas las conductas que alteren el orden en la vía pública.

ARTÍCULO 2.- Las sanciones por faltas al presente Bando serán amonestación, multa o arresto.

ARTÍCULO 3.- Vender bebidas alcohólicas en la vía pública sin permiso es una falta grave.
"""
